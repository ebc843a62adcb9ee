import { createHash } from 'node:crypto';

/** Namespace of every id the case service derives from names (a fixed random UUID). */
export const AGENT_CONSOLE_NAMESPACE = '3c1f8a52-6d0e-4b7a-9f21-8e5d4c7b2a19';

/**
 * RFC 9562 version 5 UUID: SHA-1 of namespace and name. The same name always gives the same
 * id, which is what makes "escalate once" and "notify once" hold across sweeps, restarts and
 * service instances: the second writer's event or row is a duplicate of the first.
 */
export function nameBasedUuid(name: string, namespace: string = AGENT_CONSOLE_NAMESPACE): string {
  const namespaceBytes = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  if (namespaceBytes.length !== 16) throw new Error(`namespace "${namespace}" is not a UUID`);
  const bytes = createHash('sha1').update(namespaceBytes).update(name, 'utf8').digest().subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
