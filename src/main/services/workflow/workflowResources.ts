import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import type { ConfigProblem, WorkflowConfigBundle } from '../../../shared/ipc/workflowContract';
import { RemediationApprovers } from '../../../shared/remediation/approvers';
import { AcknowledgementSettings } from '../../../shared/walkin/acknowledgement';
import { RemediationLimits } from '../../../shared/workflow/limits';
import { formatJsonPath } from '../../../shared/workflow/load';
import { buildWorkflowRegistry, type WorkflowRegistry } from '../../../shared/workflow/registry';
import { TimeWindowConfig } from '../../../shared/workflow/windows';

/**
 * The repository's resources/ folder when running from source (browser host, tests). The
 * Electron shell passes its own (the app path), because its bundled main lives elsewhere.
 */
export const SOURCE_RESOURCES_DIR = fileURLToPath(new URL('../../../../resources/', import.meta.url));

export interface WorkflowResources {
  bundle: WorkflowConfigBundle;
  /** The registry main itself runs (acknowledgements), built from the same valid files. */
  registry: WorkflowRegistry;
  acknowledgement: AcknowledgementSettings | null;
}

/**
 * Reads and validates every workflow file and the configuration beside it. Nothing is fatal:
 * a bad file is reported by name and JSON path and left out, and the rest are used.
 */
export async function readWorkflowResources(resourcesDir: string): Promise<WorkflowResources> {
  const problems: ConfigProblem[] = [];
  const workflowsDir = path.join(resourcesDir, 'workflows');
  let names: string[] = [];
  try {
    names = (await readdir(workflowsDir)).filter((name) => name.endsWith('.json')).sort();
  } catch (error) {
    problems.push({ file: 'workflows/', path: '$', message: `cannot list the workflow folder ${workflowsDir}: ${reasonOf(error)}` });
  }
  const files: { fileName: string; json: unknown }[] = [];
  for (const name of names) {
    const fileName = `workflows/${name}`;
    try {
      files.push({ fileName, json: await readFile(path.join(workflowsDir, name), 'utf8') });
    } catch (error) {
      problems.push({ file: fileName, path: '$', message: `cannot read: ${reasonOf(error)}` });
    }
  }
  const built = buildWorkflowRegistry(files);
  problems.push(...built.errors);
  const valid = new Set(built.registry.sources.values());
  const definitions = files.filter((file) => valid.has(file.fileName)).map((file) => ({ fileName: file.fileName, json: JSON.parse(file.json as string) as unknown }));

  const readConfig = async <T>(fileName: string, schema: z.ZodType<T>): Promise<T | null> => {
    let json: unknown;
    try {
      json = JSON.parse(await readFile(path.join(resourcesDir, fileName), 'utf8'));
    } catch (error) {
      problems.push({ file: fileName, path: '$', message: `cannot read: ${reasonOf(error)}` });
      return null;
    }
    const parsed = schema.safeParse(json);
    if (parsed.success) return parsed.data;
    problems.push(...parsed.error.issues.map((issue) => ({ file: fileName, path: formatJsonPath(issue.path), message: issue.message })));
    return null;
  };

  const bundle: WorkflowConfigBundle = {
    definitions,
    limits: await readConfig('remediation-limits.json', RemediationLimits),
    windows: await readConfig('time-windows.json', TimeWindowConfig),
    approvers: await readConfig('remediation-approvers.json', RemediationApprovers),
    problems: [],
  };
  const acknowledgement = await readConfig('acknowledgement.json', AcknowledgementSettings);
  bundle.problems = problems;
  return { bundle, registry: built.registry, acknowledgement };
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
