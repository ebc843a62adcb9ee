import type { ConsoleBridge, IpcFailure } from '../../shared/ipc/contract';
import type { ConfigProblem, WorkflowConfigBundle } from '../../shared/ipc/workflowContract';
import type { RemediationApprovers } from '../../shared/remediation/approvers';
import { buildWorkflowRegistry, type RemediationLimits, type TimeWindowConfig, type WorkflowRegistry } from '../../shared/workflow';

/** What the runner, approvals and walk-in screens run on: the registry and the configuration beside it. */
export interface WorkflowSetup {
  registry: WorkflowRegistry;
  limits: RemediationLimits | null;
  windows: TimeWindowConfig | null;
  approvers: RemediationApprovers | null;
  /** Every file main or this window refused, by file and JSON path: shown to an admin, never fatal. */
  problems: ConfigProblem[];
}

export type WorkflowSetupLoad = { ok: true; setup: WorkflowSetup } | { ok: false; error: IpcFailure };

/** Builds the registry from what main validated; anything this window refuses on its own check is reported the same way. */
export function setupFromBundle(bundle: WorkflowConfigBundle): WorkflowSetup {
  const built = buildWorkflowRegistry(bundle.definitions);
  return { registry: built.registry, limits: bundle.limits, windows: bundle.windows, approvers: bundle.approvers, problems: [...bundle.problems, ...built.errors] };
}

export async function loadWorkflowSetup(bridge: ConsoleBridge): Promise<WorkflowSetupLoad> {
  const result = await bridge.invoke('workflows.config', {});
  if (!result.ok) return result;
  return { ok: true, setup: setupFromBundle(result.value) };
}
