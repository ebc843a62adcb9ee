/**
 * The SLA engine: business calendars, business-time arithmetic, policies and clocks. Pure:
 * hosts read the JSON files and pass them in (see loadSlaConfig).
 */
export { Calendar, Holiday, WEEKDAYS, type Weekday, parseCalendarFile, alwaysOpenCalendar, openDayMinutes, minuteOfDay } from './calendar';
export { type ConfigIssue, type LoadResult, formatConfigIssue } from './configIssue';
export {
  addBusinessMinutes,
  businessMinutesBetween,
  addBusinessMs,
  businessMsBetween,
  isBusinessOpen,
  parseInstant,
  formatInstant,
  MINUTE_MS,
} from './businessTime';
export {
  SlaPolicies,
  PolicyRule,
  RuleMatch,
  ClockTarget,
  ClockType,
  type ClockSpec,
  type EnabledClockSpec,
  ScriptAnswerMatch,
  type SlaConfig,
  type ConfigFile,
  type CaseFacts,
  type ApplicableClock,
  parsePolicyFile,
  loadSlaConfig,
  keepLastValid,
  resolveClocks,
  targetMs,
} from './policy';
export { DisputeFacts, type StatutoryClockDefinition, statutoryClocksFor } from './statutory';
export { disputeFactsFromAnswers, DISPUTE_FACT_SOURCE } from './disputeFactsFromAnswers';
export { computeClocks, refreshClock, type SlaClock, type SlaClockState, type ComputeClocksInput } from './clocks';
