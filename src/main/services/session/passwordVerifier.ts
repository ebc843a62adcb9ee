import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * Checks the signed-in agent's password again without the service (the idle lock): a salted
 * scrypt hash made at sign-in, held in memory for the session only.
 */
export interface PasswordVerifier {
  matches(password: string): Promise<boolean>;
}

const COST = { N: 2 ** 14, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

function derive(password: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => scrypt(password.normalize('NFC'), salt, 32, COST, (error, key) => (error ? reject(error) : resolve(key))));
}

export async function createPasswordVerifier(password: string): Promise<PasswordVerifier> {
  const salt = randomBytes(16);
  const expected = await derive(password, salt);
  return {
    async matches(candidate) {
      return timingSafeEqual(await derive(candidate, salt), expected);
    },
  };
}
