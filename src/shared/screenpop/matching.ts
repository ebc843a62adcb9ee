/**
 * Who a contact is, from what each of its identifiers found. Pure: the renderer feeds it hits
 * from its local read model, main from its working set or the case service.
 *
 * The rule: identifiers are trusted in the order case reference, account number, caller number,
 * e-mail (a case or an account names one customer; a phone can be shared by a household; an
 * e-mail is typed by the sender). The most trusted identifier that found anyone decides the
 * candidates; each less trusted one that found someone among those candidates narrows them
 * (a shared phone plus an e-mail picks the right person), and is ignored when it contradicts them.
 */

export const IDENTIFIER_TRUST_ORDER = ['caseId', 'accountNumber', 'ani', 'email'] as const;
export type IdentifierName = (typeof IDENTIFIER_TRUST_ORDER)[number];

/** Customer ids each given identifier matched; leave out identifiers the contact did not carry. */
export type IdentifierHits = Partial<Record<IdentifierName, readonly string[]>>;

export type MatchOutcome =
  | { kind: 'single'; customerId: string; decidedBy: IdentifierName }
  | { kind: 'several'; customerIds: string[]; decidedBy: IdentifierName }
  | { kind: 'none' };

export function matchCustomers(hits: IdentifierHits): MatchOutcome {
  let candidates: string[] | null = null;
  let decidedBy: IdentifierName | null = null;
  for (const name of IDENTIFIER_TRUST_ORDER) {
    const found = unique(hits[name] ?? []);
    if (found.length === 0) continue;
    if (candidates === null) {
      candidates = found;
      decidedBy = name;
      continue;
    }
    const narrowed: string[] = candidates.filter((id) => found.includes(id));
    if (narrowed.length > 0) candidates = narrowed;
  }
  if (candidates === null || decidedBy === null) return { kind: 'none' };
  if (candidates.length === 1) return { kind: 'single', customerId: candidates[0] as string, decidedBy };
  return { kind: 'several', customerIds: candidates, decidedBy };
}

function unique(ids: readonly string[]): string[] {
  return [...new Set(ids)].sort();
}
