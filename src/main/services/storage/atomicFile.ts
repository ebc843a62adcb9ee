import { randomBytes } from 'node:crypto';
import { link, open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Small-file writes that survive a crash at any instant: write a temp file, fsync it,
 * then rename (replace) or link (create-if-absent) it into place and fsync the directory.
 */

function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
}

async function writeTemp(path: string, data: Buffer, mode: number): Promise<string> {
  const temp = tempPathFor(path);
  const handle = await open(temp, 'wx', mode);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  return temp;
}

/** Replaces `path` with `data` atomically. */
export async function writeFileAtomic(path: string, data: Buffer, mode = 0o600): Promise<void> {
  const temp = await writeTemp(path, data, mode);
  try {
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  await syncDirectory(dirname(path));
}

/**
 * Creates `path` with `data` only if it does not exist yet (link fails with EEXIST rather
 * than replacing), so two processes racing to create a key never end up with two keys.
 * Returns false when the file already existed.
 */
export async function createFileExclusive(path: string, data: Buffer, mode = 0o600): Promise<boolean> {
  const temp = await writeTemp(path, data, mode);
  try {
    await link(temp, path);
  } catch (error) {
    if (isErrno(error, 'EEXIST')) return false;
    throw error;
  } finally {
    await unlink(temp).catch(() => undefined);
  }
  await syncDirectory(dirname(path));
  return true;
}

/** Makes a new directory entry durable; Windows cannot open directories, where NTFS journals metadata anyway. */
export async function syncDirectory(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export function isErrno(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}
