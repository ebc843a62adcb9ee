import { createHash } from 'node:crypto';
import { z } from 'zod';
import { open as openSealed, seal } from './sealedBox';

/**
 * One journal record on disk is one line: `<clear part>.<sealed part>\n`.
 *
 * - The clear part (base64url JSON) carries the record's position `n`, the hash `p` of the line
 *   before it (the chain), its kind, and a manifest of the unsynced work it adds or settles
 *   (event id, case reference, event type, time — never a note, a name or a number). It is the
 *   AES-GCM associated data of the sealed part, so changing one byte of it fails the record.
 * - The sealed part is AES-256-GCM over the record's JSON with the journal's data key.
 *
 * Why a clear manifest: if the key is ever lost (a keyring reset, a password nobody remembers),
 * the console can still say exactly which unsynced work could not be recovered. Why a chain:
 * records are authenticated one by one, so without it a deleted or reordered record would pass.
 */

export const ManifestEntry = z.object({ e: z.string().max(64), c: z.string().max(64), t: z.string().max(64), a: z.string().max(40) });
export type ManifestEntry = z.infer<typeof ManifestEntry>;

export const LineClear = z.object({
  /** Position in the journal: the header is 0, each record after it one more. */
  n: z.number().int().nonnegative(),
  /** Hash of the previous line (empty for the header). */
  p: z.string().max(32),
  k: z.string().min(1).max(32),
  /** Unsynced local events this record adds. */
  u: z.array(ManifestEntry).optional(),
  /** Unsynced events this record settles (acknowledged, refused, or pulled back). */
  s: z.array(z.string().max(64)).optional(),
  /** Header: the journal's id and generation, and the device it belongs to. */
  j: z.string().max(64).optional(),
  g: z.number().int().nonnegative().optional(),
  d: z.string().max(64).optional(),
  /** Header and key records: the data key wrapped by its backends (no secret in the clear). */
  keys: z.unknown().optional(),
});
export type LineClear = z.infer<typeof LineClear>;

const CLEAR_PATTERN = /^[A-Za-z0-9_-]+$/;
const SEALED_PATTERN = /^[A-Za-z0-9+/]+={0,2}$/;

export function encodeLine(key: Buffer, clear: LineClear, record: unknown): string {
  const clearText = Buffer.from(JSON.stringify(clear), 'utf8').toString('base64url');
  const sealed = seal(key, Buffer.from(JSON.stringify(record), 'utf8'), Buffer.from(clearText, 'latin1'));
  return `${clearText}.${sealed.toString('base64')}`;
}

/** The clear part of a line, readable without the key; null when it is not one of ours. */
export function decodeClear(line: string): LineClear | null {
  const dot = line.indexOf('.');
  if (dot <= 0) return null;
  const clearText = line.slice(0, dot);
  if (!CLEAR_PATTERN.test(clearText)) return null;
  try {
    const parsed = LineClear.safeParse(JSON.parse(Buffer.from(clearText, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export type DecodedLine = { ok: true; clear: LineClear; record: unknown } | { ok: false; clear: LineClear | null; reason: string };

export function decodeLine(key: Buffer, line: string): DecodedLine {
  const clear = decodeClear(line);
  if (!clear) return { ok: false, clear: null, reason: 'not an encoded record' };
  const dot = line.indexOf('.');
  const sealedText = line.slice(dot + 1);
  if (!SEALED_PATTERN.test(sealedText)) return { ok: false, clear, reason: 'not an encoded record' };
  let plain: Buffer;
  try {
    plain = openSealed(key, Buffer.from(sealedText, 'base64'), Buffer.from(line.slice(0, dot), 'latin1'));
  } catch {
    return { ok: false, clear, reason: 'it fails authentication' };
  }
  try {
    return { ok: true, clear, record: JSON.parse(plain.toString('utf8')) };
  } catch {
    return { ok: false, clear, reason: 'it is not valid JSON' };
  }
}

/** The chain link: a line's hash, 128 bits base64url (enough against accident and forgery alike, as the key authenticates it). */
export function lineHash(line: string): string {
  return createHash('sha256').update(line, 'latin1').digest().subarray(0, 16).toString('base64url');
}

/** Could these bytes be the start of a line cut short by a crash mid-append? */
export function looksLikeTornLine(text: string): boolean {
  return /^[A-Za-z0-9_-]*(\.[A-Za-z0-9+/=]*)?$/.test(text);
}
