import { open, readFile, unlink } from 'node:fs/promises';
import { isErrno, writeFileAtomic } from './atomicFile';

export interface DataDirLock {
  readonly path: string;
  release(): Promise<void>;
}

export class DataDirInUseError extends Error {
  override readonly name = 'DataDirInUseError';
}

/**
 * One writer per journal: two processes appending to the same file would interleave
 * records. The lock file holds the owner's pid; a lock left by a process that no longer
 * runs (a crash) is taken over.
 */
export async function acquireDataDirLock(forPath: string): Promise<DataDirLock> {
  const path = `${forPath}.lock`;
  const mine = Buffer.from(String(process.pid));
  try {
    const handle = await open(path, 'wx', 0o600);
    try {
      await handle.writeFile(mine);
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch (error) {
    if (!isErrno(error, 'EEXIST')) throw error;
    const owner = Number.parseInt(await readFile(path, 'utf8').catch(() => ''), 10);
    if (Number.isInteger(owner) && owner > 0 && isRunning(owner)) {
      const who = owner === process.pid ? 'this process (it was opened twice)' : `process ${owner}`;
      throw new DataDirInUseError(`The data in ${forPath} is already open in ${who}. Close the other Agent Console first; if none is running, delete ${path}.`);
    }
    await writeFileAtomic(path, mine);
  }
  return {
    path,
    async release() {
      const owner = await readFile(path, 'utf8').catch(() => '');
      if (owner === String(process.pid)) await unlink(path).catch(() => undefined);
    },
  };
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return !isErrno(error, 'ESRCH');
  }
}
