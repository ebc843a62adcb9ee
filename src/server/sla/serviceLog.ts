/** Where the SLA sweeper, config loader and webhook sender report; the service passes its logger. */
export interface ServiceLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** Errors and warnings still reach stderr when the service runs without a logger; routine news does not. */
export const consoleServiceLog: ServiceLog = {
  info: () => undefined,
  warn: (message) => console.warn(message),
  error: (message) => console.error(message),
};
