import { describeZodError } from '../../shared/domain/caseEvent';
import {
  IpcResult,
  ipcContract,
  ipcEvents,
  type ConsoleBridge,
  type IpcChannel,
  type IpcEventName,
  type IpcEventPayload,
  type IpcFailure,
  type IpcRequest,
  type IpcResponse,
} from '../../shared/ipc/contract';

/**
 * Checks everything that comes back from main against the contract before the UI sees it, and
 * turns a thrown transport error into an ordinary failure, so callers handle one shape only.
 */
export function withValidation(raw: ConsoleBridge, onInvalidEvent: (event: IpcEventName, reason: string) => void = () => {}): ConsoleBridge {
  return {
    async invoke<C extends IpcChannel>(channel: C, request: IpcRequest<C>): Promise<IpcResult<IpcResponse<C>>> {
      let answer: unknown;
      try {
        answer = await raw.invoke(channel, request);
      } catch (error) {
        return failure('host_unreachable', `Can't reach the Agent Console host: ${error instanceof Error ? error.message : String(error)}`);
      }
      const envelope = IpcResult.safeParse(answer);
      if (!envelope.success) return failure('invalid_response', `The console host sent a malformed answer to ${channel}.`);
      if (!envelope.data.ok) return { ok: false, error: envelope.data.error };
      const value = ipcContract[channel].response.safeParse(envelope.data.value);
      if (!value.success) return failure('invalid_response', `The console host sent an invalid ${channel} answer — ${describeZodError(value.error)}`);
      return { ok: true, value: value.data as IpcResponse<C> };
    },
    on<E extends IpcEventName>(event: E, listener: (payload: IpcEventPayload<E>) => void): () => void {
      return raw.on(event, (payload) => {
        const parsed = ipcEvents[event].safeParse(payload);
        if (parsed.success) listener(parsed.data as IpcEventPayload<E>);
        else onInvalidEvent(event, describeZodError(parsed.error));
      });
    },
  };
}

export function failure(code: string, message: string): { ok: false; error: IpcFailure } {
  return { ok: false, error: { code, message } };
}
