import type { CaseType, Channel } from '../domain/enums';
import type { WorkflowDefinition } from './definition';
import { loadWorkflowDefinition, type DefinitionError } from './load';

/**
 * Every loaded version of every workflow. Old versions stay so a case replays with the
 * definition it recorded; new cases start on the latest. src/shared cannot read files,
 * so callers pass the file contents in (main/server read resources/workflows, the
 * browser build imports the JSON).
 */
export interface WorkflowRegistry {
  /** by `${id}@${version}` */
  readonly definitions: ReadonlyMap<string, WorkflowDefinition>;
  /** file each definition came from, same keys */
  readonly sources: ReadonlyMap<string, string>;
}

export interface WorkflowFile {
  fileName: string;
  /** the file's text or its parsed JSON */
  json: unknown;
}

export interface RegistryBuild {
  registry: WorkflowRegistry;
  /** Files that failed are left out whole; the rest still load. */
  errors: DefinitionError[];
}

export function buildWorkflowRegistry(files: readonly WorkflowFile[]): RegistryBuild {
  const definitions = new Map<string, WorkflowDefinition>();
  const sources = new Map<string, string>();
  const errors: DefinitionError[] = [];
  for (const file of files) {
    const loaded = loadWorkflowDefinition(file.fileName, file.json);
    if (!loaded.ok) {
      errors.push(...loaded.errors);
      continue;
    }
    const key = registryKey(loaded.definition.id, loaded.definition.version);
    const earlier = sources.get(key);
    if (earlier !== undefined) {
      errors.push({ file: file.fileName, path: '$.version', message: `${loaded.definition.id} version ${loaded.definition.version} is already defined in ${earlier}` });
      continue;
    }
    definitions.set(key, loaded.definition);
    sources.set(key, file.fileName);
  }
  return { registry: { definitions, sources }, errors };
}

export function registryKey(workflowId: string, version: number): string {
  return `${workflowId}@${version}`;
}

export type DefinitionSelection = { ok: true; definition: WorkflowDefinition } | { ok: false; reason: string };

/** The exact version a case recorded: an old case never silently runs on a newer script. */
export function selectDefinition(registry: WorkflowRegistry, workflowId: string, version: number): DefinitionSelection {
  const definition = registry.definitions.get(registryKey(workflowId, version));
  if (definition) return { ok: true, definition };
  const known = versionsOf(registry, workflowId);
  return {
    ok: false,
    reason: known.length
      ? `workflow "${workflowId}" version ${version} is not installed (installed: ${known.join(', ')})`
      : `workflow "${workflowId}" is not installed`,
  };
}

export function latestDefinition(registry: WorkflowRegistry, workflowId: string): WorkflowDefinition | null {
  const latest = versionsOf(registry, workflowId).at(-1);
  return latest === undefined ? null : (registry.definitions.get(registryKey(workflowId, latest)) ?? null);
}

export function versionsOf(registry: WorkflowRegistry, workflowId: string): number[] {
  return [...registry.definitions.values()].filter((d) => d.id === workflowId).map((d) => d.version).sort((a, b) => a - b);
}

/** Latest version of each workflow that applies to a case of this type (and channel, when given). */
export function workflowsFor(registry: WorkflowRegistry, caseType: CaseType, channel?: Channel): WorkflowDefinition[] {
  const ids = new Set([...registry.definitions.values()].map((d) => d.id));
  return [...ids]
    .map((id) => latestDefinition(registry, id))
    .filter((d): d is WorkflowDefinition => d !== null)
    .filter((d) => d.caseTypes.includes(caseType) && (!channel || !d.channels || d.channels.includes(channel)))
    .sort((a, b) => a.title.localeCompare(b.title));
}
