import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import type { PolicyConfig } from '../../shared/policy/casePolicy';
import { QueuesConfig } from '../../shared/policy/queuesConfig';
import { RolesConfig } from '../../shared/policy/rolesConfig';
import { readWorkflowResources } from '../../main/services/workflow/workflowResources';
import { RemediationApprovers } from '../../shared/remediation/approvers';
import { formatJsonPath } from '../../shared/workflow/load';
import { RemediationLimits } from '../../shared/workflow/limits';

/** The repository's resources/ folder (this file is src/server/sync/). */
const DEFAULT_RESOURCES_DIR = fileURLToPath(new URL('../../../resources/', import.meta.url));

/**
 * What the service decides pushed events by. Roles and queues are required: without them nothing a
 * desktop sends can be decided, so every push is refused with `reason`. Remediation limits are
 * not: a broken file refuses remediation events (policy.remediation null) and the rest syncs on.
 */
export type PolicyConfigLoad = { ok: true; config: PolicyConfig; problems: string[] } | { ok: false; reason: string };

/** Reads roles.json, queues.json, the remediation limits and approvers and the workflow definitions from the service's resources folder. */
export async function loadPolicyConfig(resourcesDir: string = DEFAULT_RESOURCES_DIR): Promise<PolicyConfigLoad> {
  const problems: string[] = [];
  const read = async <T>(fileName: string, schema: z.ZodType<T>): Promise<T | null> => {
    try {
      const parsed = schema.safeParse(JSON.parse(await readFile(path.join(resourcesDir, fileName), 'utf8')));
      if (parsed.success) return parsed.data;
      problems.push(...parsed.error.issues.map((issue) => `${fileName}: ${formatJsonPath(issue.path)}: ${issue.message}`));
    } catch (error) {
      problems.push(`${fileName}: ${error instanceof Error ? error.message : String(error)}`);
    }
    return null;
  };
  const roles = await read('roles.json', RolesConfig);
  const queues = await read('queues.json', QueuesConfig);
  const limits = await read('remediation-limits.json', RemediationLimits);
  const approvers = await read('remediation-approvers.json', RemediationApprovers);
  // The same reader the desktop's main process uses: a broken workflow file is left out (its steps are then refused), the rest load.
  const workflows = await readWorkflowResources(resourcesDir);
  problems.push(...workflows.bundle.problems.filter((problem) => problem.file.startsWith('workflows/')).map((problem) => `${problem.file}: ${problem.path}: ${problem.message}`));
  if (!roles || !queues) return { ok: false, reason: `the case service has no valid role or queue configuration, so it cannot decide any change (${problems.join('; ')})` };
  return { ok: true, config: { roles, queues, remediation: limits && approvers ? { limits, approvers } : null, workflows: workflows.registry }, problems };
}

let bundled: Promise<PolicyConfigLoad> | null = null;

/** The configuration in resources/, read once per process. */
export function defaultPolicyConfig(): Promise<PolicyConfigLoad> {
  bundled ??= loadPolicyConfig();
  return bundled;
}
