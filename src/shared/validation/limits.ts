/**
 * Size and shape bounds shared by the console and the case service, so a desktop never records
 * what the service would refuse and the service never trusts a desktop to have checked.
 */

/** Deepest nesting of arrays and objects in a user-supplied JSON value (a workflow answer, a request body). */
export const MAX_JSON_DEPTH = 32;

/** One case event, serialised as JSON (UTF-8): the desktop refuses to record more, the service to store more. */
export const MAX_EVENT_BYTES = 64 * 1024;

/**
 * Largest HTTP request body the service reads (answered 413 beyond). A push of events is split by
 * the desktop so it stays under this (see MAX_PUSH_BODY_BYTES).
 */
export const MAX_REQUEST_BODY_BYTES = 8 * 1024 * 1024;

/** Largest HTTP request head (request line and headers) the service reads (answered 431 beyond). */
export const MAX_REQUEST_HEADER_BYTES = 16 * 1024;

/** A desktop's push batch is cut at this many bytes of events, well inside the body limit. */
export const MAX_PUSH_BODY_BYTES = 2 * 1024 * 1024;
