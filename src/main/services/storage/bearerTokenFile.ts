import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createFileExclusive } from './atomicFile';
import { readOwnerOnlyFile } from './ownerOnlyFile';

/** What a connector token looks like: 32–256 URL-safe characters (we make 43 from 32 random bytes). */
export const BEARER_TOKEN_PATTERN = /^[A-Za-z0-9_-]{32,256}$/;

/**
 * A bearer token kept in a file only this user may read (0600): made once per install, so a
 * connector running as the same user can read it and nobody else on the machine can. Used by
 * the desktop's CTI endpoint (`cti-token`) and the case service's telephony connector route
 * (`telephony-token`): the same rules for both.
 */
export async function loadOrCreateBearerToken(path: string, what: string, warn: (message: string) => void = console.warn): Promise<string> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const existing = await readToken(path, what, warn);
  if (existing) return existing;
  const created = randomBytes(32).toString('base64url');
  if (await createFileExclusive(path, Buffer.from(`${created}\n`, 'utf8'), 0o600)) return created;
  const theirs = await readToken(path, what, warn);
  if (!theirs) throw new Error(`The ${what} file ${path} vanished while it was being created; start again.`);
  return theirs;
}

async function readToken(path: string, what: string, warn: (message: string) => void): Promise<string | null> {
  const content = await readOwnerOnlyFile(path, `the ${what} file`, warn);
  if (content === null) return null;
  const token = content.toString('utf8').trim();
  if (!BEARER_TOKEN_PATTERN.test(token)) {
    throw new Error(`The ${what} file ${path} does not hold a token (32+ URL-safe characters). Delete it and start again to make a new one, then give it to the connector.`);
  }
  return token;
}

/**
 * A checker for "Authorization: Bearer <token>" headers. Both sides are hashed first so the
 * comparison is constant-time whatever the header's length.
 */
export function bearerHeaderMatcher(token: string): (header: string | undefined) => boolean {
  const expected = createHash('sha256').update(`Bearer ${token}`).digest();
  return (header) => (header ? timingSafeEqual(createHash('sha256').update(header.trim()).digest(), expected) : false);
}
