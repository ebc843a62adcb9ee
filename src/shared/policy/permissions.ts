import { z } from 'zod';

/**
 * Everything a role can be allowed to do: the vocabulary of resources/roles.json. The case policy
 * (casePolicy.ts) maps every event type to one of these; routes and screens name them directly.
 */
export const Permission = z.enum([
  'view_customer',
  'verify_customer',
  'link_contact',
  /** See a masked value in full (account number, phone, e-mail); always audited. */
  'reveal_sensitive',
  /** Start a refund, fee reversal or credit within the role's authorisation limit. */
  'request_remediation',
  'approve_remediation',
  'change_contact_details',
  'view_audit',
  'create_case',
  'add_note',
  'send_message',
  /** "Wait on customer" and "Resume". */
  'change_status',
  'change_type',
  'change_severity',
  /** Hand a case to another queue (and, with assign_case, straight to a person there). */
  'transfer_case',
  /** Give a case to someone in the team, or take it from them (supervisors). */
  'assign_case',
  /** Take an unassigned case from a queue one works ("Take next"). */
  'take_case',
  'escalate_case',
  'resolve_case',
  'close_case',
  'reopen_case',
  'settle_conflict',
  'run_workflow',
  'record_survey',
  'view_team_board',
  'view_reports',
  'score_qa',
  'retention_hold',
  'end_sessions',
  'manage_users',
  'manage_configuration',
]);
export type Permission = z.infer<typeof Permission>;

/** How a permission reads in a refusal: "Your role (Tier 1 agent) cannot <label>." */
export const permissionLabel: Record<Permission, string> = {
  view_customer: 'look up customers',
  verify_customer: 'verify a customer',
  link_contact: 'record contacts',
  reveal_sensitive: 'reveal a masked value',
  request_remediation: 'request a remediation',
  approve_remediation: 'approve a remediation',
  change_contact_details: 'change contact details',
  view_audit: 'see the audit trail',
  create_case: 'open a case',
  add_note: 'add a note',
  send_message: 'send the customer a message',
  change_status: 'put a case on hold or resume it',
  change_type: 'change a case type',
  change_severity: 'change a case severity',
  transfer_case: 'transfer a case',
  assign_case: 'assign a case to someone',
  take_case: 'take a case from a queue',
  escalate_case: 'escalate a case',
  resolve_case: 'resolve a case',
  close_case: 'close a case',
  reopen_case: 'reopen a case',
  settle_conflict: 'settle a conflict',
  run_workflow: 'run a workflow',
  record_survey: 'record a survey answer',
  view_team_board: 'see the team board',
  view_reports: 'see reports',
  score_qa: 'score interactions for QA',
  retention_hold: 'place a retention hold',
  end_sessions: "end other users' sessions",
  manage_users: 'manage users',
  manage_configuration: 'change the configuration',
};
