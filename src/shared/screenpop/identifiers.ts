/**
 * How the identifiers a contact arrives with are written down before anyone compares them:
 * the CTI intake, the custom protocol link, the manual search box and the blind index all
 * normalise through these, so "+1 (555) 123-4567" typed by hand finds the same customer as
 * the softphone's "+15551234567".
 */

import { normaliseCaseReference } from '../cases/streams';

export const E164_PATTERN = /^\+[1-9]\d{6,14}$/;
export const ACCOUNT_NUMBER_PATTERN = /^\d{8,20}$/;
/** What a case id may look like at a boundary: AC- references and older formats alike; plain characters only. */
export const CASE_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/;

/** US numbers typed by hand become E.164; anything already E.164 passes through. */
export function normalizePhone(input: string): string | null {
  const compact = input.replace(/[\s().-]/g, '');
  if (E164_PATTERN.test(compact)) return compact;
  if (/^\d{10}$/.test(compact)) return `+1${compact}`;
  if (/^1\d{10}$/.test(compact)) return `+${compact}`;
  return null;
}

/** Account numbers are compared as bare digits; spaces and dashes are how people read them out. */
export function normalizeAccountNumber(input: string): string | null {
  const digits = input.replace(/[\s-]/g, '');
  return ACCOUNT_NUMBER_PATTERN.test(digits) ? digits : null;
}

export function normalizeEmail(input: string): string | null {
  const email = input.trim().toLowerCase();
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) && email.length <= 254 ? email : null;
}

/**
 * A typed case reference: the one AC- format however it is read out ("ac 7k4mp 9qx2h"), or a
 * case id of an older format (CASE-…) kept by data made before it.
 */
export function normalizeCaseId(input: string): string | null {
  const reference = normaliseCaseReference(input);
  if (reference) return reference;
  const text = input.trim().toUpperCase();
  return CASE_ID_PATTERN.test(text) && /^CASE-/.test(text) ? text : null;
}

/** Lower-case words of a name, for prefix search ("ale mor" finds Alex Morgan). */
export function nameTokens(fullName: string): string[] {
  return [...new Set(fullName.toLowerCase().normalize('NFKD').replace(/\p{M}/gu, '').split(/[^\p{L}\p{N}']+/u).filter((word) => word.length > 0))];
}

/** Everything a free-text search could mean; several readings can hold at once ("5551234567" is a phone and an account number). */
export interface SearchReadings {
  text: string;
  phone: string | null;
  accountNumber: string | null;
  email: string | null;
  /** Four digits: the last 4 of an account number or a card. */
  last4: string | null;
  caseId: string | null;
  customerId: string | null;
  /** Words to match name prefixes with; empty when the text has no letters. */
  nameWords: string[];
}

export function readSearchText(query: string): SearchReadings {
  const text = query.trim().slice(0, 100);
  const digits = text.replace(/[\s-]/g, '');
  const upper = text.toUpperCase();
  return {
    text,
    phone: normalizePhone(text),
    accountNumber: normalizeAccountNumber(text),
    email: text.includes('@') ? normalizeEmail(text) : null,
    last4: /^\d{4}$/.test(digits) ? digits : null,
    caseId: normalizeCaseId(text),
    customerId: /^CUS-\d+$/.test(upper) ? upper : null,
    nameWords: /\p{L}/u.test(text) && !text.includes('@') ? nameTokens(text) : [],
  };
}

/** What a blind index can be built over: exact-match identifiers that must not sit in plain text locally. */
export type BlindIndexKind = 'phone' | 'account' | 'email';

/**
 * The exact bytes a keyed hash is taken over, shared by main and the case service so both
 * compute the same digest for the same identifier. The kind is part of the message so a phone
 * number and an account number with the same digits never share a digest.
 */
export function blindIndexMessage(kind: BlindIndexKind, normalizedValue: string): string {
  return `agent-console/blind-index/v1/${kind}:${normalizedValue}`;
}

/** Normalises a raw identifier for its kind; null when it is not one. */
export function normalizeForBlindIndex(kind: BlindIndexKind, value: string): string | null {
  if (kind === 'phone') return normalizePhone(value);
  if (kind === 'account') return normalizeAccountNumber(value);
  return normalizeEmail(value);
}

/** Digest length in hex characters: 128 bits, far past any chance collision among a bank's customers. */
export const BLIND_INDEX_HEX_LENGTH = 32;
export const BlindIndexDigestPattern = /^[0-9a-f]{32}$/;
