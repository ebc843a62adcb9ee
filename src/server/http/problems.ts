import type { z } from 'zod';
import { describeZodError } from '../../shared/domain/caseEvent';
import type { ApiError } from '../../shared/sync/protocol';

/** An expected failure that becomes an ApiError response with its HTTP status. */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'HttpProblem';
  }

  toBody(): ApiError {
    return { error: { code: this.code, message: this.message, ...(this.hint ? { hint: this.hint } : {}) } };
  }
}

/** Parses request input with a protocol schema; a mismatch is the client's mistake (400) and names the field. */
export function parseRequest<S extends z.ZodType>(schema: S, input: unknown, what: string): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new HttpProblem(400, 'invalid_request', `The ${what} is not valid: ${describeZodError(result.error)}`, 'Fix the request to match the sync protocol (src/shared/sync/protocol.ts).');
}
