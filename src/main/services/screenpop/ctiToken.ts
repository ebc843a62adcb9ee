import { join } from 'node:path';
import { loadOrCreateBearerToken } from '../storage/bearerTokenFile';

export const CTI_TOKEN_FILE = 'cti-token';

/**
 * The bearer token a softphone/CTI connector presents to the screen-pop endpoint: made once per
 * install in `<dataDir>/cti-token`, readable by this user only (0600), so the connector running
 * as the same user can read it and nobody else on the machine can pop screens.
 */
export async function loadOrCreateCtiToken(dataDir: string, warn: (message: string) => void = console.warn): Promise<{ token: string; path: string }> {
  const path = join(dataDir, CTI_TOKEN_FILE);
  return { token: await loadOrCreateBearerToken(path, 'CTI token', warn), path };
}
