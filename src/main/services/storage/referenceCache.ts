import { createHmac } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { Agent } from '../../../shared/domain/agent';
import { CustomerDetail } from '../../../shared/domain/customer';
import { encryptedJsonFile } from './encryptedFile';

const CachedCustomer = z.object({ fetchedAt: z.iso.datetime(), detail: CustomerDetail });
const CachedAgents = z.object({ fetchedAt: z.iso.datetime(), agents: z.array(Agent) });

/**
 * Reference data last fetched from the case service, encrypted in `<dataDir>/cache`, so a
 * case can still show its customer and the agent directory while the service is down.
 * One file per customer (named by a keyed hash, so names reveal no customer ids): a fetch
 * rewrites only what it fetched.
 */
export interface ReferenceCache {
  putCustomers(details: CustomerDetail[], fetchedAt: string): Promise<void>;
  getCustomers(ids: string[]): Promise<CustomerDetail[]>;
  putAgents(agents: Agent[], fetchedAt: string): Promise<void>;
  getAgents(): Promise<Agent[] | null>;
}

export async function createReferenceCache(dataDir: string, key: Buffer, warn: (message: string) => void): Promise<ReferenceCache> {
  const customersDir = join(dataDir, 'cache', 'customers');
  await mkdir(customersDir, { recursive: true, mode: 0o700 });
  const customerFile = (id: string) => encryptedJsonFile(join(customersDir, `${createHmac('sha256', key).update(`customer:${id}`).digest('hex').slice(0, 40)}.bin`), key, CachedCustomer, warn);
  const agentsFile = encryptedJsonFile(join(dataDir, 'cache', 'agents.bin'), key, CachedAgents, warn);
  return {
    async putCustomers(details, fetchedAt) {
      await Promise.all(details.map((detail) => customerFile(detail.customer.id).write({ fetchedAt, detail })));
    },
    async getCustomers(ids) {
      const found = await Promise.all([...new Set(ids)].map((id) => customerFile(id).read()));
      return found.flatMap((cached) => (cached ? [cached.detail] : []));
    },
    async putAgents(agents, fetchedAt) {
      await agentsFile.write({ fetchedAt, agents });
    },
    async getAgents() {
      return (await agentsFile.read())?.agents ?? null;
    },
  };
}
