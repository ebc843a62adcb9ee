/** How a call to the case service can fail; every client of the service throws these, so callers treat them alike. */

/** The service could not be reached or did not answer in time: worth retrying later. */
export class CaseServiceUnreachableError extends Error {
  override readonly name = 'CaseServiceUnreachableError';
  readonly kind = 'unreachable' as const;
}

/** The service answered with an ApiError (or a non-2xx status without one). */
export class CaseServiceError extends Error {
  override readonly name = 'CaseServiceError';
  readonly kind = 'api' as const;
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
  get isUnauthorized(): boolean {
    return this.status === 401;
  }
  /** Server trouble or throttling: the same request may succeed later. */
  get isTransient(): boolean {
    return this.status >= 500 || this.status === 429 || this.status === 408;
  }
}

/** The password was right; the service wants the second factor (`mfa_required`), or enrolment first (with the secret to enrol). */
export class MfaChallengeError extends CaseServiceError {
  constructor(
    code: 'mfa_required' | 'mfa_enrolment_required',
    message: string,
    hint: string | undefined,
    readonly enrolment: { secret: string; otpauthUri: string } | null,
  ) {
    super(401, code, message, hint);
  }
}

/** The service answered 2xx with a body that breaks the protocol (e.g. a version mismatch). */
export class CaseServiceProtocolError extends Error {
  override readonly name = 'CaseServiceProtocolError';
  readonly kind = 'protocol' as const;
}

export type CaseServiceFailure = CaseServiceUnreachableError | CaseServiceError | CaseServiceProtocolError;

export function isCaseServiceFailure(error: unknown): error is CaseServiceFailure {
  return error instanceof CaseServiceUnreachableError || error instanceof CaseServiceError || error instanceof CaseServiceProtocolError;
}
