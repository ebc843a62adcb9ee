import bundledTargets from '../../../resources/kpi-targets.json' with { type: 'json' };
import { KpiTargetsFile } from './targets';

/** The KPI targets shipped with the product (resources/kpi-targets.json), validated at import. */
export const BUNDLED_KPI_TARGETS: KpiTargetsFile = KpiTargetsFile.parse(bundledTargets);
