import type { z } from 'zod';
import { describeZodError } from '../../shared/domain/caseEvent';
import type { ApiError } from '../../shared/sync/protocol';
import { describePath, findHostileValue } from '../../shared/validation/hostileValue';
import { MAX_JSON_DEPTH } from '../../shared/validation/limits';

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

export interface ParseRequestOptions {
  /**
   * Leave hostile strings and depth to the schema: for a push, whose events are judged one by
   * one so that one bad event is refused on its own and the rest of the batch still applies.
   */
  schemaJudgesItems?: boolean;
}

/**
 * Parses request input with a protocol schema; a mismatch is the client's mistake (400) and names
 * the field. Every input is first walked for what no schema should have to think of (NUL, unpaired
 * surrogates, prototype keys, deep nesting), so a route whose schema forgets is still safe.
 */
export function parseRequest<S extends z.ZodType>(schema: S, input: unknown, what: string, options: ParseRequestOptions = {}): z.infer<S> {
  if (!options.schemaJudgesItems) {
    const hostile = findHostileValue(input, MAX_JSON_DEPTH);
    if (hostile) throw new HttpProblem(400, 'invalid_request', `The ${what} is not valid: ${describePath(hostile.path)}: ${hostile.message}`, 'Remove the character or simplify the value and send it again.');
  }
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new HttpProblem(400, 'invalid_request', `The ${what} is not valid: ${describeZodError(result.error)}`, 'Fix the request to match the sync protocol (src/shared/sync/protocol.ts).');
}
