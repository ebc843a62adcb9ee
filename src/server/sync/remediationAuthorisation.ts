import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CaseEvent } from '../../shared/domain/caseEvent';
import type { CaseState } from '../../shared/domain/caseState';
import { Role } from '../../shared/domain/enums';
import { RemediationApprovers } from '../../shared/remediation/approvers';
import { checkRemediationEvent, type RemediationPolicy, type RemediationVerdict } from '../../shared/remediation/checkRemediationEvent';
import { formatJsonPath } from '../../shared/workflow/load';
import { RemediationLimits } from '../../shared/workflow/limits';
import type { Queryable } from '../db/database';

/** The repository's resources/ folder (this file is src/server/sync/). */
const DEFAULT_RESOURCES_DIR = fileURLToPath(new URL('../../../resources/', import.meta.url));

export type RemediationPolicyLoad = { ok: true; policy: RemediationPolicy } | { ok: false; reason: string };

/**
 * Reads the authorisation limits and approvers. A broken file is not fatal to the service:
 * every remediation event is then refused with the reason, and everything else syncs on.
 */
export async function loadRemediationPolicy(resourcesDir: string = DEFAULT_RESOURCES_DIR): Promise<RemediationPolicyLoad> {
  const problems: string[] = [];
  const read = async <T>(fileName: string, schema: { safeParse(input: unknown): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } } }): Promise<T | null> => {
    try {
      const parsed = schema.safeParse(JSON.parse(await readFile(path.join(resourcesDir, fileName), 'utf8')));
      if (parsed.success) return parsed.data;
      problems.push(...parsed.error.issues.map((issue) => `${fileName}: ${formatJsonPath(issue.path)}: ${issue.message}`));
    } catch (error) {
      problems.push(`${fileName}: ${error instanceof Error ? error.message : String(error)}`);
    }
    return null;
  };
  const limits = await read('remediation-limits.json', RemediationLimits);
  const approvers = await read('remediation-approvers.json', RemediationApprovers);
  if (!limits || !approvers) return { ok: false, reason: `the case service has no valid remediation authorisation configuration (${problems.join('; ')})` };
  return { ok: true, policy: { limits, approvers } };
}

let defaultPolicy: Promise<RemediationPolicyLoad> | null = null;

function defaultRemediationPolicy(): Promise<RemediationPolicyLoad> {
  defaultPolicy ??= loadRemediationPolicy();
  return defaultPolicy;
}

export interface RemediationAuthoriser {
  check(event: CaseEvent, before: CaseState | null): RemediationVerdict;
}

const REMEDIATION_TYPES: readonly string[] = ['remediation.requested', 'remediation.approved', 'remediation.rejected'];

/**
 * Loads what a batch's remediation events are judged by (their authors' roles and the policy)
 * once, up front, so each verdict is then decided in memory like the other checks in
 * applyCaseEvents. A batch without remediation events costs no query.
 */
export async function prepareRemediationAuthoriser(tx: Queryable, events: readonly CaseEvent[], policy?: RemediationPolicy): Promise<RemediationAuthoriser> {
  const remediationEvents = events.filter((event) => REMEDIATION_TYPES.includes(event.type));
  if (remediationEvents.length === 0) return { check: () => ({ ok: true }) };
  const load: RemediationPolicyLoad = policy ? { ok: true, policy } : await defaultRemediationPolicy();
  const actorIds = [...new Set(remediationEvents.map((event) => event.actorId))];
  const { rows } = await tx.query<{ id: string; role: string }>('SELECT id, role FROM agents WHERE id = ANY($1::text[])', [actorIds]);
  const roles = new Map<string, Role>();
  for (const row of rows) {
    const role = Role.safeParse(row.role);
    if (role.success) roles.set(row.id, role.data);
  }
  return {
    check(event, before) {
      if (!REMEDIATION_TYPES.includes(event.type)) return { ok: true };
      if (!load.ok) return { ok: false, reason: load.reason };
      return checkRemediationEvent(event, before, roles.get(event.actorId) ?? null, load.policy);
    },
  };
}
