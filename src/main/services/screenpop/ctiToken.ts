import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createFileExclusive } from '../storage/atomicFile';
import { readOwnerOnlyFile } from '../storage/ownerOnlyFile';

export const CTI_TOKEN_FILE = 'cti-token';

/**
 * The bearer token a softphone/CTI connector presents to the screen-pop endpoint: made once per
 * install in `<dataDir>/cti-token`, readable by this user only (0600), so the connector running
 * as the same user can read it and nobody else on the machine can pop screens.
 */
export async function loadOrCreateCtiToken(dataDir: string, warn: (message: string) => void = console.warn): Promise<{ token: string; path: string }> {
  const path = join(dataDir, CTI_TOKEN_FILE);
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const existing = await readToken(path, warn);
  if (existing) return { token: existing, path };
  const created = randomBytes(32).toString('base64url');
  if (await createFileExclusive(path, Buffer.from(`${created}\n`, 'utf8'), 0o600)) return { token: created, path };
  const theirs = await readToken(path, warn);
  if (!theirs) throw new Error(`The CTI token file ${path} vanished while it was being created; start the console again.`);
  return { token: theirs, path };
}

async function readToken(path: string, warn: (message: string) => void): Promise<string | null> {
  const content = await readOwnerOnlyFile(path, 'the CTI token file', warn);
  if (content === null) return null;
  const token = content.toString('utf8').trim();
  if (!/^[A-Za-z0-9_-]{32,256}$/.test(token)) {
    throw new Error(`The CTI token file ${path} does not hold a token (32+ URL-safe characters). Delete it and start the console again to make a new one, then give it to the CTI connector.`);
  }
  return token;
}
