import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Finds the Electron binary without requiring the 'electron' package: its index.js tries to
 * download the binary on every call when it is missing (as on machines that cannot reach the
 * download host), which would throw instead of letting us fall back to the browser host.
 */
export function findElectronBinary(repoRoot: string): string | null {
  const packageDir = join(repoRoot, 'node_modules', 'electron');
  const pathFile = join(packageDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const relative = readFileSync(pathFile, 'utf8').trim();
  if (!relative) return null;
  const binary = join(packageDir, 'dist', relative);
  return existsSync(binary) ? binary : null;
}
