import type { CaseEvent } from '../domain/caseEvent';

/** Key of one script answer: `<workflowId>/<fieldId>`. */
export const scriptAnswerKey = (workflowId: string, fieldId: string): string => `${workflowId}/${fieldId}`;

/**
 * The latest answer to each script question in a case's history. Facts an agent learns while
 * following a script (a card's type, whether an inquiry is simple) decide some clocks, and
 * reading them from the case's own events keeps the console and the service in agreement.
 */
export function latestScriptAnswers(events: readonly CaseEvent[]): Map<string, unknown> {
  const latest = new Map<string, unknown>();
  for (const event of events) {
    if (event.type === 'workflow.answered') latest.set(scriptAnswerKey(event.payload.workflowId, event.payload.fieldId), event.payload.value);
  }
  return latest;
}
