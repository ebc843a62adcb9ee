import type { KpiId, KpiUnit } from './targets';

/**
 * Each KPI's name, unit and definition, as shown beside its value (and in the README). Every
 * one is a ratio of counts or sums over events in the report period: nothing is a stored
 * counter.
 */
export type KpiDefinition = {
  label: string;
  unit: KpiUnit;
  definition: string;
  /** Which report filters apply; others are ignored for this KPI (said so in the UI). */
  filters: readonly ('team' | 'channel' | 'queue' | 'segment')[];
};

const ALL = ['team', 'channel', 'queue', 'segment'] as const;

export const KPI_DEFINITIONS: Readonly<Record<KpiId, KpiDefinition>> = {
  csat_share: {
    label: 'CSAT (share of 4–5)',
    unit: 'share',
    definition: 'CSAT answers in the period scoring 4 or 5 ÷ all CSAT answers (survey.answered, survey "csat", 1–5). Attributed to the agent who resolved the case, else its owner.',
    filters: ALL,
  },
  csat_mean: { label: 'CSAT (mean of 5)', unit: 'score5', definition: 'Mean CSAT score (1–5) of the answers in the period.', filters: ALL },
  nps: {
    label: 'NPS',
    unit: 'nps',
    definition: 'Net Promoter Score: % of NPS answers 9–10 (promoters) minus % 0–6 (detractors), from −100 to +100.',
    filters: ALL,
  },
  fcr: {
    label: 'First-contact resolution',
    unit: 'share',
    definition:
      'Cases first resolved in the period that were resolved on their first contact (exactly one contact linked, still in progress at resolution, never reopened since) ÷ cases first resolved in the period that had a contact. Attributed to the resolving agent.',
    filters: ALL,
  },
  aht_phone: {
    label: 'AHT (phone)',
    unit: 'seconds',
    definition: 'Average handle time of phone contacts handled in the period: Σ (talk + hold + wrap-up) ÷ contacts handled (contact.handled). Other channels are listed beside it.',
    filters: ALL,
  },
  asa: { label: 'ASA', unit: 'seconds', definition: 'Average speed of answer: mean queue wait of contacts offered in the period and answered (contact.answered waitSeconds).', filters: ALL },
  service_level_80_20: {
    label: 'Service level (target 80 % in 20 s)',
    unit: 'share',
    definition: 'Contacts offered in the period answered within 20 s ÷ (answered + abandoned − abandoned within 5 s). Rated against 80 %.',
    filters: ALL,
  },
  service_level_95_20: {
    label: 'Service level (target 95 % in 20 s)',
    unit: 'share',
    definition: 'The same service level, rated against 95 %.',
    filters: ALL,
  },
  abandonment: { label: 'Abandonment', unit: 'share', definition: 'Contacts offered in the period that the customer abandoned in queue ÷ contacts offered.', filters: ALL },
  escalations_per_1000: {
    label: 'Escalations per 1,000 contacts',
    unit: 'per1000',
    definition: 'Escalations (case.escalated, manual and automatic) in the period × 1,000 ÷ contacts in the period (offered by the switch, plus walk-in contacts linked to cases).',
    filters: ALL,
  },
  occupancy: {
    label: 'Occupancy',
    unit: 'share',
    definition: 'Handle time of contacts handled in the period ÷ agents’ ready time (agent.state "ready" until the next state change), over agents of the selected teams, all channels.',
    filters: ['team'],
  },
  qa_average: { label: 'QA average', unit: 'share', definition: 'Mean weighted scorecard result of QA evaluations submitted in the period (calibration scores left out).', filters: ['team', 'channel'] },
  sla_compliance: {
    label: 'SLA compliance',
    unit: 'share',
    definition: 'Service SLA clocks decided in the period (met when met, breached when due) that were met ÷ all decided, per the SLA engine. Broken down by tier, channel, case type, team and agent.',
    filters: ALL,
  },
  same_business_day_share: {
    label: 'Answered the same business day (branches)',
    unit: 'share',
    definition: 'Walk-in and branch-opened requests created in the period that got a first response or resolution before the end of that business day (branch calendar) ÷ all such requests.',
    filters: ['team', 'segment'],
  },
  complaints_per_staff_quarter: {
    label: 'Complaints per staff member (quarter)',
    unit: 'count',
    definition: 'Complaint and regulatory-complaint cases opened in the calendar quarter of the period start, by first owner, ÷ staff in the selected teams.',
    filters: ['team'],
  },
};
