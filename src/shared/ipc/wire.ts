import { z } from 'zod';
import { IPC_EVENT_NAMES, IpcResult, type IpcEventName } from './contract';

/**
 * The browser host's wire format: the IPC contract over one WebSocket.
 *
 *   connect  ws://127.0.0.1:PORT/ipc   the page: with the HttpOnly session cookie its launch link (/launch?code=…) set;
 *            a program on this machine: ?token=<host token> instead.
 *            The host checks the Origin header (must be the host's own http://127.0.0.1:PORT or http://localhost:PORT)
 *            and the session; it closes a refused socket with 4403 (origin) or 4401 (no session).
 *   client → {"id": "7", "channel": "events.append", "request": {…}}        id: string (≤64 chars) or integer, echoed back
 *   host   → {"id": "7", "result": {"ok": true, "value": …} | {"ok": false, "error": {code, message, hint?}}}
 *   host   → {"event": "sync.statusChanged", "payload": {…}}                 pushed notifications (ipcEvents)
 *
 * A frame that is not JSON or not a request is answered with result.ok=false, code "malformed_message",
 * and the id if one could be read (else null); the socket stays open.
 */

export const IPC_SOCKET_PATH = '/ipc';
/** The host token on the socket URL, for programs on this machine (never used by the page). */
export const LAUNCH_TOKEN_PARAM = 'token';
export const WS_CLOSE_BAD_TOKEN = 4401;
export const WS_CLOSE_BAD_ORIGIN = 4403;
/** Larger frames are refused by the host (the socket closes with 1009). */
export const MAX_WIRE_FRAME_BYTES = 1024 * 1024;

export const WireRequestId = z.union([z.string().min(1).max(64), z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER)]);
export type WireRequestId = z.infer<typeof WireRequestId>;

export const WireRequest = z.object({ id: WireRequestId, channel: z.string().min(1).max(64), request: z.unknown() }).strict();
export type WireRequest = z.infer<typeof WireRequest>;

export const WireResponse = z.object({ id: WireRequestId.nullable(), result: IpcResult });
export type WireResponse = { id: WireRequestId | null; result: IpcResult<unknown> };

export const WireEvent = z.object({ event: z.enum(IPC_EVENT_NAMES as [IpcEventName, ...IpcEventName[]]), payload: z.unknown() });
export type WireEvent = z.infer<typeof WireEvent>;

export const WireServerMessage = z.union([WireResponse, WireEvent]);
