import type { z } from 'zod';
import type { IpcChannel, IpcResponse, ipcContract } from '../../../shared/ipc/contract';

/** A request as a handler receives it: already validated against the contract. */
export type IpcHandlerRequest<C extends IpcChannel> = z.output<(typeof ipcContract)[C]['request']>;
/** One handler per contract channel; capabilities (screen pops, workflows) each supply a `Pick` of it. */
export type IpcHandlers = { [C in IpcChannel]: (request: IpcHandlerRequest<C>) => Promise<IpcResponse<C>> };
