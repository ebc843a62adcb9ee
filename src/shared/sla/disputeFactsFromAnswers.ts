import type { CaseEvent } from '../domain/caseEvent';
import { latestScriptAnswers, scriptAnswerKey } from './scriptAnswers';
import type { DisputeFacts } from './statutory';

/**
 * Where the card-dispute script (resources/workflows/card_dispute.v1.json) records the facts
 * that set the Reg E / Reg Z clocks. Reading them from the case's own `workflow.answered` events
 * makes the console and the service compute the same statutory clocks from the same history,
 * with no separate channel for the facts; a test checks the script still asks these fields.
 */
export const DISPUTE_FACT_SOURCE = {
  workflowId: 'card_dispute',
  cardType: 'cardType',
  newAccount: 'newAccount',
  pointOfSale: 'pointOfSale',
  foreignTransaction: 'foreignTransaction',
} as const;

/**
 * The dispute facts the script's latest answers give, or null before the card type is known (the
 * statutory clocks then assume a standard Reg E dispute). Debit is Reg E, credit is Reg Z; a
 * Reg E fact not yet answered counts as "no", the standard limit.
 */
export function disputeFactsFromAnswers(events: readonly CaseEvent[]): DisputeFacts | null {
  const answers = latestScriptAnswers(events);
  const answer = (fieldId: string) => answers.get(scriptAnswerKey(DISPUTE_FACT_SOURCE.workflowId, fieldId));
  const cardType = answer(DISPUTE_FACT_SOURCE.cardType);
  if (cardType === 'credit') return { regime: 'reg_z' };
  if (cardType !== 'debit') return null;
  return {
    regime: 'reg_e',
    newAccount: answer(DISPUTE_FACT_SOURCE.newAccount) === true,
    pointOfSale: answer(DISPUTE_FACT_SOURCE.pointOfSale) === true,
    foreignTransaction: answer(DISPUTE_FACT_SOURCE.foreignTransaction) === true,
  };
}
