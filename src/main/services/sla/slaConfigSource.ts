import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { SlaConfigSnapshot, SlaConfigSource as SourceName } from '../../../shared/ipc/contract';
import { describeConfigIssues, readSlaConfigDocument, SlaConfigDocument } from '../../../shared/slaConfig/slaConfigDocument';
import { bundledShifts as defaultBundledShifts, bundledSlaConfigDocument } from './bundledSlaConfig';
import { encryptedJsonFile } from '../storage/encryptedFile';
import type { SlaConfigFetch } from './slaConfigClient';

const CachedSlaConfig = z.object({ fetchedAt: z.iso.datetime(), document: SlaConfigDocument });

export type SlaConfigRefresh = 'updated' | 'unchanged' | 'rejected';

export interface SlaConfigSource {
  /** The configuration in force: the last valid one from the service, else the cached one, else the bundled defaults. */
  snapshot(): SlaConfigSnapshot;
  /**
   * Asks the service for its configuration (If-None-Match: the version in force). A valid new
   * one replaces it and is cached; an invalid one is refused and the one in force kept. Calls
   * that overlap share one request. Service failures reject (the caller decides what they mean).
   */
  refresh(token: string): Promise<SlaConfigRefresh>;
  /** A different configuration is in force, or the service's copy was refused. */
  onChange(listener: (snapshot: SlaConfigSnapshot) => void): () => void;
}

export interface SlaConfigSourceOptions {
  dataDir: string;
  key: Buffer;
  fetchDocument(token: string, heldVersion: string | null): Promise<SlaConfigFetch>;
  now(): number;
  warn(message: string): void;
  /** Defaults: the files compiled in from resources/ (tests pass their own). */
  bundled?: { document: SlaConfigDocument; shifts: unknown };
}

type InForce = { document: SlaConfigDocument; source: SourceName; fetchedAt: string | null };

/**
 * The SLA configuration a desktop runs on, with the same rule as the service's files: the last
 * valid configuration stays in force until a valid one replaces it. What the service sent is
 * kept encrypted next to the reference cache, so a desktop that starts offline counts with the
 * calendars and policies it last had, not with older bundled ones.
 */
export async function createSlaConfigSource(options: SlaConfigSourceOptions): Promise<SlaConfigSource> {
  const bundled = options.bundled ?? { document: bundledSlaConfigDocument, shifts: defaultBundledShifts };
  await mkdir(join(options.dataDir, 'cache'), { recursive: true, mode: 0o700 });
  const cacheFile = encryptedJsonFile(join(options.dataDir, 'cache', 'sla-config.bin'), options.key, CachedSlaConfig, options.warn);
  const isValid = (document: SlaConfigDocument, origin: string): string[] => {
    const result = readSlaConfigDocument(document, origin, bundled.shifts);
    return result.ok ? [] : describeConfigIssues(result.errors);
  };

  const bundledProblems = isValid(bundled.document, 'bundled');
  // A desktop built with broken defaults is a release defect: say so loudly, still prefer a good cache or service copy.
  if (bundledProblems.length > 0) options.warn(`The bundled SLA configuration is invalid:\n  ${bundledProblems.join('\n  ')}`);
  let inForce: InForce = { document: bundled.document, source: 'bundled', fetchedAt: null };
  let problems: string[] = [];

  const cached = await cacheFile.read().catch((error: unknown) => {
    options.warn(`The cached SLA configuration could not be read (${error instanceof Error ? error.message : String(error)}); using the bundled one until the service answers.`);
    return null;
  });
  if (cached) {
    const cacheProblems = isValid(cached.document, 'cache');
    if (cacheProblems.length === 0) inForce = { document: cached.document, source: 'cache', fetchedAt: cached.fetchedAt };
    else options.warn(`The cached SLA configuration was refused:\n  ${cacheProblems.join('\n  ')}`);
  }

  const listeners = new Set<(snapshot: SlaConfigSnapshot) => void>();
  const snapshot = (): SlaConfigSnapshot => ({
    ...inForce.document,
    shifts: inForce.document.shifts ?? bundled.shifts,
    source: inForce.source,
    fetchedAt: inForce.fetchedAt,
    problems,
  });
  const emit = () => {
    const current = snapshot();
    for (const listener of listeners) listener(current);
  };

  let inFlight: Promise<SlaConfigRefresh> | null = null;
  async function fetchAndApply(token: string): Promise<SlaConfigRefresh> {
    const answer = await options.fetchDocument(token, inForce.document.version);
    const fetchedAt = new Date(options.now()).toISOString();
    if (answer.status === 'unchanged') {
      // The content hash matched: what we hold is what the service has now.
      const changedSource = inForce.source !== 'service' || problems.length > 0;
      inForce = { ...inForce, source: 'service', fetchedAt };
      problems = [];
      if (changedSource) emit();
      return 'unchanged';
    }
    const refused = isValid(answer.document, 'service');
    if (refused.length > 0) {
      const news = refused.join('\n') !== problems.join('\n');
      problems = refused;
      if (news) {
        options.warn(`The case service sent an SLA configuration that was refused; keeping version ${inForce.document.version} (${inForce.source}):\n  ${refused.join('\n  ')}`);
        emit();
      }
      return 'rejected';
    }
    const changed = answer.document.version !== inForce.document.version;
    inForce = { document: answer.document, source: 'service', fetchedAt };
    problems = [];
    await cacheFile.write({ fetchedAt, document: answer.document }).catch((error: unknown) => options.warn(`The SLA configuration could not be cached: ${error instanceof Error ? error.message : String(error)}`));
    emit();
    return changed ? 'updated' : 'unchanged';
  }

  return {
    snapshot,
    refresh(token) {
      inFlight ??= fetchAndApply(token).finally(() => {
        inFlight = null;
      });
      return inFlight;
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
