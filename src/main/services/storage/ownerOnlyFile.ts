import { chmod, readFile, stat } from 'node:fs/promises';
import { isErrno } from './atomicFile';

/**
 * Reads a secret kept in a file only this user may read (a key, a token): null when it does not
 * exist yet; a file other users could read is restricted to 0600 with a warning, since it may
 * already have leaked and the admin should know.
 */
export async function readOwnerOnlyFile(path: string, what: string, warn: (message: string) => void, makeError: (message: string) => Error = (message) => new Error(message)): Promise<Buffer | null> {
  let content: Buffer;
  try {
    content = await readFile(path);
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return null;
    throw makeError(`Cannot read ${what} ${path}: ${(error as Error).message}. Check that this user owns the file.`);
  }
  if (process.platform !== 'win32') {
    const { mode } = await stat(path);
    if ((mode & 0o077) !== 0) {
      warn(`${capitalise(what)} ${path} was readable by other users (mode ${(mode & 0o777).toString(8)}); restricting it to 0600.`);
      await chmod(path, 0o600);
    }
  }
  return content;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
