import { z } from 'zod';
import bundledSettings from '../../../resources/case-lifecycle.json' with { type: 'json' };

/** How long a resolved case stays quiet before the case service closes it (resources/case-lifecycle.json). */
export const LifecycleSettings = z.strictObject({
  source: z.string().trim().min(1),
  closeResolvedAfterQuietHours: z.number().positive().max(24 * 365),
});
export type LifecycleSettings = z.infer<typeof LifecycleSettings>;

export const BUNDLED_LIFECYCLE_SETTINGS: LifecycleSettings = LifecycleSettings.parse(bundledSettings);
