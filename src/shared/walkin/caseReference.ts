/**
 * Walk-in case ids are made at the branch desk, often with the link to the case service down,
 * so no central counter can hand them out. The id carries the branch and the day (readable
 * on the printed acknowledgement) and 50 random bits: two desks writing the same id on the
 * same day would take around 30 million walk-ins at one branch.
 */
const ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ'; // Crockford-like: no 0/O or 1/I to misread over the phone
const RANDOM_CHARS = 10;

export const WALK_IN_REFERENCE = /^WALKIN-([A-Z0-9]{1,12})-(\d{8})-([2-9A-HJ-NP-Z]{10})$/;

/**
 * `WALKIN-<branch>-<yyyymmdd>-<random>`; the date is the branch's local date. `randomBytes`
 * must fill its argument from a cryptographic source (crypto.getRandomValues).
 */
export function walkInCaseId(branchId: string | null, localDate: string, randomBytes: (bytes: Uint8Array) => Uint8Array): string {
  const branch = (branchId ?? 'NOBRANCH').toUpperCase().replace(/[^A-Z0-9]/g, '').slice(0, 12) || 'NOBRANCH';
  const day = localDate.replaceAll('-', '');
  if (!/^\d{8}$/.test(day)) throw new RangeError(`walk-in ids need the local date as yyyy-mm-dd, got "${localDate}"`);
  const bytes = randomBytes(new Uint8Array(RANDOM_CHARS));
  // 256 is a multiple of 32, so taking each byte modulo 32 keeps every character equally likely.
  const random = Array.from(bytes, (byte) => ALPHABET[byte % ALPHABET.length]).join('');
  return `WALKIN-${branch}-${day}-${random}`;
}
