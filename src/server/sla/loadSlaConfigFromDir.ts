import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatConfigIssue, type ConfigIssue, type LoadResult } from '../../shared/sla/configIssue';
import { keepLastValid, loadSlaConfig, type ConfigFile, type SlaConfig } from '../../shared/sla/policy';
import type { ServiceLog } from './serviceLog';

/** The repository's resources/ folder (this file is src/server/sla/). */
export const DEFAULT_RESOURCES_DIR = fileURLToPath(new URL('../../../resources/', import.meta.url));

export interface SlaConfigLocation {
  /** Every *.json file here is a calendar. */
  calendarsDir: string;
  policiesFile: string;
}

export function slaConfigLocation(resourcesDir: string = DEFAULT_RESOURCES_DIR): SlaConfigLocation {
  return { calendarsDir: path.join(resourcesDir, 'calendars'), policiesFile: path.join(resourcesDir, 'sla-policies.json') };
}

/**
 * Reads the calendar and policy files and validates them together (loadSlaConfig). A file that
 * cannot be read or is not JSON is reported like any other rejection, with its name and why.
 */
export async function readSlaConfig(location: SlaConfigLocation): Promise<LoadResult<SlaConfig>> {
  const errors: ConfigIssue[] = [];
  const calendars: ConfigFile[] = [];
  let calendarFiles: string[] = [];
  try {
    calendarFiles = (await readdir(location.calendarsDir)).filter((name) => name.endsWith('.json')).sort();
  } catch (error) {
    errors.push({ file: displayName(location.calendarsDir), path: '', reason: `cannot list the calendar folder: ${reasonOf(error)}` });
  }
  for (const name of calendarFiles) {
    const file = await readJsonFile(path.join(location.calendarsDir, name));
    if (file.ok) calendars.push(file.value);
    else errors.push(file.issue);
  }
  const policies = await readJsonFile(location.policiesFile);
  if (!policies.ok) return { ok: false, errors: [...errors, policies.issue] };
  const loaded = loadSlaConfig({ calendars, policies: policies.value });
  if (errors.length === 0) return loaded;
  return { ok: false, errors: [...errors, ...(loaded.ok ? [] : loaded.errors)] };
}

export type SlaConfigReload =
  | { ok: true; policyVersion: number; calendarIds: string[] }
  | { ok: false; errors: ConfigIssue[]; /** True when an earlier valid configuration stays in force. */ keptPrevious: boolean };

export interface SlaConfigStore {
  readonly location: SlaConfigLocation;
  /** The configuration in force: the last one that loaded without errors, null if none ever did. */
  current(): SlaConfig | null;
  /** Reads the files again; on any error logs every issue and keeps the configuration in force. */
  reload(): Promise<SlaConfigReload>;
}

/** Loads the configuration once and returns a store that can reload it (SIGHUP, an admin action). */
export async function createSlaConfigStore(options: { location?: SlaConfigLocation; log: ServiceLog }): Promise<SlaConfigStore> {
  const location = options.location ?? slaConfigLocation();
  const { log } = options;
  let config: SlaConfig | null = null;
  // Reloads run one after another, so a reload asked for during another still reads the files afresh.
  let chain: Promise<unknown> = Promise.resolve();

  const load = async (): Promise<SlaConfigReload> => {
    const kept = keepLastValid(config, await readSlaConfig(location));
    const keptPrevious = config !== null;
    config = kept.config;
    if (kept.errors.length === 0 && config) {
      const calendarIds = [...config.calendars.keys()].sort();
      log.info(`SLA configuration loaded: policies version ${config.policies.version}, calendars ${calendarIds.join(', ')}`);
      return { ok: true, policyVersion: config.policies.version, calendarIds };
    }
    const consequence = keptPrevious
      ? `keeping the previous configuration (policies version ${config?.policies.version})`
      : 'no SLA configuration is in force: SLA sweeps are suspended until a valid one loads';
    log.error(`SLA configuration rejected, ${consequence}:\n${kept.errors.map((issue) => `  ${formatConfigIssue(issue)}`).join('\n')}`);
    return { ok: false, errors: kept.errors, keptPrevious };
  };

  const store: SlaConfigStore = {
    location,
    current: () => config,
    reload() {
      const next = chain.then(load);
      chain = next.catch(() => undefined);
      return next;
    },
  };
  await store.reload();
  return store;
}

async function readJsonFile(file: string): Promise<{ ok: true; value: ConfigFile } | { ok: false; issue: ConfigIssue }> {
  const fileName = displayName(file);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    return { ok: false, issue: { file: fileName, path: '', reason: `cannot read the file: ${reasonOf(error)}` } };
  }
  try {
    return { ok: true, value: { fileName, json: JSON.parse(text) as unknown } };
  } catch (error) {
    return { ok: false, issue: { file: fileName, path: '', reason: `not valid JSON: ${reasonOf(error)}` } };
  }
}

/** Paths inside the working directory are shown relative to it, as a person would type them. */
function displayName(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}

function reasonOf(error: unknown): string {
  if (error instanceof Error) return 'code' in error && typeof error.code === 'string' ? `${error.code}: ${error.message}` : error.message;
  return String(error);
}
