import { z } from 'zod';

/** Every way a customer reaches the bank; one case links contacts on all of them. */
/** `secure_message` is online banking's message centre; `in_app_message` the mobile app's secure messages (their own 2 h target). */
export const Channel = z.enum(['phone', 'chat', 'secure_message', 'in_app_message', 'email', 'sms', 'walk_in']);
export type Channel = z.infer<typeof Channel>;

/** Support tiers (REQUIREMENTS.md): basic 72 h, standard, premium, VIP, business (enterprise). */
export const CustomerTier = z.enum(['basic', 'standard', 'premium', 'vip', 'business']);
export type CustomerTier = z.infer<typeof CustomerTier>;

/** Case types from the SLA matrix in REQUIREMENTS.md. */
export const CaseType = z.enum([
  'fraud',
  'account_lock',
  'billing_dispute',
  'card_dispute',
  'complaint',
  'regulatory_complaint',
  'aml_investigation',
  'data_subject_request',
  'payment_failure',
  'refund_request',
  'general_inquiry',
]);
export type CaseType = z.infer<typeof CaseType>;

/** S1 critical … S4 low (REQUIREMENTS.md: low/medium/high/critical ↔ S4–S1). */
export const Severity = z.enum(['S1', 'S2', 'S3', 'S4']);
export type Severity = z.infer<typeof Severity>;

export const CaseStatus = z.enum(['new', 'open', 'waiting_on_customer', 'resolved', 'closed']);
export type CaseStatus = z.infer<typeof CaseStatus>;

export const Role = z.enum(['tier1_agent', 'specialist', 'supervisor', 'branch_staff', 'compliance', 'qa_reviewer', 'administrator']);
export type Role = z.infer<typeof Role>;

export const OPEN_STATUSES: readonly CaseStatus[] = ['new', 'open', 'waiting_on_customer'];

export const channelLabel: Record<Channel, string> = {
  phone: 'Phone',
  chat: 'Chat',
  secure_message: 'Secure message',
  in_app_message: 'In-app secure message',
  email: 'Email',
  sms: 'SMS',
  walk_in: 'Walk-in',
};

export const caseTypeLabel: Record<CaseType, string> = {
  fraud: 'Fraud / compromised account',
  account_lock: 'Account lock / login failure',
  billing_dispute: 'Billing / fee dispute',
  card_dispute: 'Card dispute / chargeback',
  complaint: 'Complaint',
  regulatory_complaint: 'Regulatory complaint',
  aml_investigation: 'AML / legal investigation',
  data_subject_request: 'Data subject request',
  payment_failure: 'Payment failure / outage',
  refund_request: 'Refund request',
  general_inquiry: 'General inquiry',
};

export const statusLabel: Record<CaseStatus, string> = {
  new: 'New',
  open: 'Open',
  waiting_on_customer: 'Waiting on customer',
  resolved: 'Resolved',
  closed: 'Closed',
};

export const roleLabel: Record<Role, string> = {
  tier1_agent: 'Tier 1 agent',
  specialist: 'Specialist',
  supervisor: 'Supervisor',
  branch_staff: 'Branch staff',
  compliance: 'Compliance',
  qa_reviewer: 'QA reviewer',
  administrator: 'Administrator',
};
