import { z } from 'zod';
import { RemediationApprovers } from '../remediation/approvers';
import { RemediationLimits } from '../workflow/limits';
import { TimeWindowConfig } from '../workflow/windows';

/**
 * Scripted workflows' part of the renderer ↔ main contract (spread into contract.ts).
 *
 * `workflows.config`: main reads resources/ (workflows/*.json, remediation limits and approvers,
 * time windows) and validates every file; a file that fails is left out whole and reported by
 * file and JSON path in `problems`, and the console runs on with the rest. Definitions travel
 * as JSON and the renderer validates them again as it builds its registry.
 */
export const ConfigProblem = z.object({ file: z.string(), path: z.string(), message: z.string() });
export type ConfigProblem = z.infer<typeof ConfigProblem>;

export const WorkflowConfigBundle = z.object({
  definitions: z.array(z.object({ fileName: z.string().min(1).max(255), json: z.unknown() })).max(500),
  limits: RemediationLimits.nullable(),
  windows: TimeWindowConfig.nullable(),
  approvers: RemediationApprovers.nullable(),
  problems: z.array(ConfigProblem).max(1000),
});
export type WorkflowConfigBundle = z.infer<typeof WorkflowConfigBundle>;

/** Base64 of a PDF; 8 MB of text is far above any acknowledgement (≈ 10 KB a page). */
const PdfBase64 = z.string().min(1).max(8_000_000).regex(/^[A-Za-z0-9+/]+=*$/, 'not base64');

export const workflowChannels = {
  'workflows.config': { request: z.object({}).strict(), response: WorkflowConfigBundle },
  /** The printable acknowledgement of a case, built by main from the case's record. */
  'acknowledgement.pdf': {
    request: z.object({ caseId: z.string().min(1).max(64) }).strict(),
    response: z.object({
      fileName: z.string().min(1),
      pdfBase64: PdfBase64,
      /** Why the due dates are the policy's durations rather than dates (no SLA configuration), or null. */
      clocksUnavailableReason: z.string().nullable(),
    }),
  },
  /** Opens a PDF for printing (Electron); the browser host answers print_unavailable and the page offers a download. */
  'print.pdf': {
    request: z.object({ title: z.string().trim().min(1).max(200), pdfBase64: PdfBase64 }).strict(),
    response: z.object({ opened: z.boolean() }),
  },
} as const;
