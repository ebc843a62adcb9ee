import bundledScorecard from '../../../resources/qa-scorecard.json' with { type: 'json' };
import { QaScorecard } from './scorecard';

/** The QA scorecard shipped with the product (resources/qa-scorecard.json), validated at import. */
export const BUNDLED_QA_SCORECARD: QaScorecard = QaScorecard.parse(bundledScorecard);
