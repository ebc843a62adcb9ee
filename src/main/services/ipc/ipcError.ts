import type { IpcFailure } from '../../../shared/ipc/contract';

/** An expected failure a handler reports to the agent: a code the UI can act on and a readable message. */
export class IpcError extends Error {
  override readonly name = 'IpcError';
  constructor(
    readonly code: string,
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
  toFailure(): IpcFailure {
    return { code: this.code, message: this.message, ...(this.hint ? { hint: this.hint } : {}) };
  }
}
