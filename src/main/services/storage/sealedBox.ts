import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * AES-256-GCM with a fresh 96-bit IV per message, laid out as iv | ciphertext | tag.
 * GCM authenticates as it decrypts, so a wrong key and a damaged message both fail
 * loudly instead of yielding garbage.
 */
const IV_BYTES = 12;
const TAG_BYTES = 16;
export const DATA_KEY_BYTES = 32;

export class SealedBoxError extends Error {
  override readonly name = 'SealedBoxError';
}

export function seal(key: Buffer, plaintext: Buffer, associatedData?: Buffer): Buffer {
  assertKey(key);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  if (associatedData) cipher.setAAD(associatedData);
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]);
}

/** `associatedData`: bytes kept in the clear beside the message but authenticated with it (a changed byte fails the open). */
export function open(key: Buffer, sealed: Buffer, associatedData?: Buffer): Buffer {
  assertKey(key);
  if (sealed.length < IV_BYTES + TAG_BYTES) throw new SealedBoxError('sealed message is too short');
  const iv = sealed.subarray(0, IV_BYTES);
  const tag = sealed.subarray(sealed.length - TAG_BYTES);
  const body = sealed.subarray(IV_BYTES, sealed.length - TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAuthTag(tag);
  if (associatedData) decipher.setAAD(associatedData);
  try {
    return Buffer.concat([decipher.update(body), decipher.final()]);
  } catch {
    throw new SealedBoxError('message failed authentication (wrong key or damaged data)');
  }
}

export function sealJson(key: Buffer, value: unknown): Buffer {
  return seal(key, Buffer.from(JSON.stringify(value), 'utf8'));
}

export function openJson(key: Buffer, sealed: Buffer): unknown {
  return JSON.parse(open(key, sealed).toString('utf8'));
}

function assertKey(key: Buffer): void {
  if (key.length !== DATA_KEY_BYTES) throw new SealedBoxError(`data key must be ${DATA_KEY_BYTES} bytes, got ${key.length}`);
}
