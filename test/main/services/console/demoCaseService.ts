import { afterAll, afterEach, beforeAll } from 'vitest';
import type { ConsoleService } from '../../../../src/main/services/console/consoleService';
import { startCaseService, type CaseService } from '../../../../src/server/index';
import { steppingClock, type TestClock } from '../../../server/helpers/freshTotp';

export interface DemoCaseServiceBed {
  /** The small demo bank's service, started once for the file (in memory: temp directories go after every test, it outlives them). */
  readonly service: CaseService;
  /** The service's clock: real time, moved on a TOTP step when a user's sign-ins here have used every code it accepts now (each code signs in once). */
  readonly clock: TestClock;
  /** Consoles a test opens; each is closed after the test. */
  readonly consoles: ConsoleService[];
}

/** The case service that console tests of one file share, and the closing of the consoles they open. */
export function useDemoCaseService(): DemoCaseServiceBed {
  const clock = steppingClock();
  const consoles: ConsoleService[] = [];
  let service: CaseService | null = null;
  beforeAll(async () => {
    service = await startCaseService({ now: clock, port: 0, seed: { customers: 12, transactions: 40, openCases: 4, resolvedCases: 1 }, logger: false });
  });
  afterAll(async () => {
    await service?.close();
  });
  afterEach(async () => {
    await Promise.all(consoles.splice(0).map((c) => c.close()));
  });
  return {
    get service() {
      if (!service) throw new Error('the demo case service starts before the first test');
      return service;
    },
    clock,
    consoles,
  };
}
