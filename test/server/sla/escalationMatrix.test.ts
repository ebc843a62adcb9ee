import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BUNDLED_ESCALATION_MATRIX, DEFAULT_ESCALATION_STEPS, EscalationMatrix, escalationStepsOf } from '../../../src/server/sla/escalationMatrix';
import { ESCALATION_TARGETS } from '../../../src/shared/workflow/definition';

const fileJson = (): { levels: Record<string, unknown>[] } & Record<string, unknown> =>
  JSON.parse(readFileSync(new URL('../../../resources/escalation-matrix.json', import.meta.url), 'utf8')) as { levels: Record<string, unknown>[] };

describe('escalation matrix (resources/escalation-matrix.json)', () => {
  it('carries the owners and time frames of REQUIREMENTS.md', () => {
    expect(BUNDLED_ESCALATION_MATRIX.levels.map((l) => [l.level, l.owner, l.window.fromHours, l.window.toHours])).toEqual([
      [1, 'case_owner', 0, 2],
      [2, 'team_supervisor', 2, 12],
      [3, 'specialist', 24, 72],
      [4, 'executive_review', 72, null],
    ]);
  });

  it('gives the sweeper levels 2–4 at the breach, 24 and 72 business hours overdue', () => {
    expect(DEFAULT_ESCALATION_STEPS.map((s) => [s.level, s.target, s.afterOverdueMinutes])).toEqual([
      [2, 'team_supervisor', 0],
      [3, 'specialist', 24 * 60],
      [4, 'executive_review', 72 * 60],
    ]);
  });

  it('uses the same levels as manual escalation targets', () => {
    const manualLevels = new Set(Object.values(ESCALATION_TARGETS).map((target) => target.level));
    for (const level of manualLevels) expect(BUNDLED_ESCALATION_MATRIX.levels.some((entry) => entry.level === level)).toBe(true);
    expect(ESCALATION_TARGETS.supervisor.level).toBe(DEFAULT_ESCALATION_STEPS.find((s) => s.target === 'team_supervisor')?.level);
    expect(ESCALATION_TARGETS.executive_review.level).toBe(DEFAULT_ESCALATION_STEPS.find((s) => s.target === 'executive_review')?.level);
  });

  it('refuses a matrix with levels out of order, a frontline escalation or a lower threshold on a higher level', () => {
    const swapped = fileJson();
    swapped.levels = [swapped.levels[0]!, swapped.levels[2]!, swapped.levels[1]!, swapped.levels[3]!];
    expect(EscalationMatrix.safeParse(swapped).success).toBe(false);

    const frontline = fileJson();
    frontline.levels[0] = { ...frontline.levels[0], afterOverdueHours: 0 };
    expect(EscalationMatrix.safeParse(frontline).success).toBe(false);

    const earlier = fileJson();
    earlier.levels[3] = { ...earlier.levels[3], afterOverdueHours: 1 };
    const parsed = EscalationMatrix.parse(earlier);
    expect(() => escalationStepsOf(parsed)).toThrow(/cannot start earlier/);
  });
});
