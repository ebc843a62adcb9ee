import type { KpiResponse } from '../../shared/reports/protocol';

type KpiValue = KpiResponse['report']['kpis'][keyof KpiResponse['report']['kpis']];
export type KpiUnit = KpiValue['unit'];
export type KpiRating = KpiValue['rating'];
export type KpiEntry = KpiValue;
