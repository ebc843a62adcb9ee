import { WireEvent, WireResponse, type WireRequest } from '../../shared/ipc/wire';
import type { IpcEventName } from '../../shared/ipc/contract';
import type { IpcResult } from '../../shared/ipc/contract';

export type ClientFrame = WireRequest & { id: string };

export type ServerFrame = { kind: 'reply'; id: string; result: IpcResult<unknown> } | { kind: 'push'; event: IpcEventName; payload: unknown };

/** Reads one frame from the host (src/shared/ipc/wire.ts); anything else is null and ignored. */
export function parseServerFrame(data: unknown): ServerFrame | null {
  if (typeof data !== 'string') return null;
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    return null;
  }
  // A push names its event; checking only the schema it claims keeps a failed parse (costly in zod) off every pop's path.
  if (typeof json === 'object' && json !== null && 'event' in json) {
    const push = WireEvent.safeParse(json);
    return push.success ? { kind: 'push', event: push.data.event, payload: push.data.payload } : null;
  }
  const reply = WireResponse.safeParse(json);
  // Our ids are strings; a null id (the host could not read ours) matches no request.
  return reply.success && reply.data.id !== null ? { kind: 'reply', id: String(reply.data.id), result: reply.data.result } : null;
}
