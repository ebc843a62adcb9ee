import { readFile, unlink } from 'node:fs/promises';
import type { z } from 'zod';
import { isErrno, writeFileAtomic } from './atomicFile';
import { openJson, sealJson } from './sealedBox';

/**
 * A small JSON document kept encrypted with the data key and replaced atomically.
 * Used for things that can be fetched again (session, reference caches): a file that
 * cannot be read is reported to `warn` and treated as absent rather than fatal.
 */
export interface EncryptedJsonFile<T> {
  readonly path: string;
  read(): Promise<T | null>;
  write(value: T): Promise<void>;
  remove(): Promise<void>;
}

export function encryptedJsonFile<S extends z.ZodType>(path: string, key: Buffer, schema: S, warn: (message: string) => void): EncryptedJsonFile<z.infer<S>> {
  return {
    path,
    async read() {
      let sealed: Buffer;
      try {
        sealed = await readFile(path);
      } catch (error) {
        if (isErrno(error, 'ENOENT')) return null;
        throw error;
      }
      try {
        const parsed = schema.safeParse(openJson(key, sealed));
        if (parsed.success) return parsed.data;
        warn(`${path} has an unexpected shape and was ignored.`);
      } catch {
        warn(`${path} cannot be decrypted with this desktop's key and was ignored.`);
      }
      return null;
    },
    async write(value) {
      await writeFileAtomic(path, sealJson(key, value));
    },
    async remove() {
      await unlink(path).catch((error: unknown) => {
        if (!isErrno(error, 'ENOENT')) throw error;
      });
    },
  };
}
