import { describe, expect, it } from 'vitest';
import { RemediationLimits, requiredApproval } from '../../../src/shared/workflow';
import { limits, readResourceJson } from './fixtures';

describe('requiredApproval with the shipped limits', () => {
  it.each([
    [10_000, 'none'],
    [10_001, 'supervisor'],
    [250_000, 'supervisor'],
    [250_001, 'finance_legal'],
  ] as const)('Tier 1 asking for %i cents needs %s', (cents, expected) => {
    expect(requiredApproval('tier1_agent', cents, limits)).toBe(expected);
  });

  it.each([
    [250_000, 'none'],
    [250_001, 'finance_legal'],
  ] as const)('a supervisor granting %i cents needs %s', (cents, expected) => {
    expect(requiredApproval('supervisor', cents, limits)).toBe(expected);
  });

  it('branch staff share the Tier 1 limit', () => {
    expect(requiredApproval('branch_staff', 10_000, limits)).toBe('none');
    expect(requiredApproval('branch_staff', 10_001, limits)).toBe('supervisor');
  });

  it('executive review always needs at least a supervisor, except from a supervisor', () => {
    expect(requiredApproval('tier1_agent', 0, limits, 'executive_review')).toBe('supervisor');
    expect(requiredApproval('supervisor', 0, limits, 'executive_review')).toBe('none');
    expect(requiredApproval('tier1_agent', 300_000, limits, 'executive_review')).toBe('finance_legal');
  });

  it('refuses amounts that are not whole non-negative cents', () => {
    expect(() => requiredApproval('tier1_agent', 10.5, limits)).toThrow(RangeError);
    expect(() => requiredApproval('tier1_agent', -1, limits)).toThrow(RangeError);
  });
});

describe('RemediationLimits configuration', () => {
  it('follows a configured supervisor limit', () => {
    const custom = RemediationLimits.parse({ ...(readResourceJson('remediation-limits.json') as object), grantLimitsCents: { ...limits.grantLimitsCents, supervisor: 100_000 } });
    expect(requiredApproval('supervisor', 100_000, custom)).toBe('none');
    expect(requiredApproval('supervisor', 100_001, custom)).toBe('supervisor');
  });

  it('rejects a grant limit above the finance/legal threshold, an unknown role, and fractional cents; a role left out grants nothing', () => {
    const base = readResourceJson('remediation-limits.json') as { grantLimitsCents: Record<string, number> };
    const tooHigh = RemediationLimits.safeParse({ ...base, grantLimitsCents: { ...base.grantLimitsCents, tier1_agent: 300_000 } });
    expect(tooHigh.success).toBe(false);
    expect(tooHigh.error?.issues[0]?.path).toEqual(['grantLimitsCents', 'tier1_agent']);
    const { compliance: _compliance, ...missingRole } = base.grantLimitsCents;
    const withoutCompliance = RemediationLimits.parse({ ...base, grantLimitsCents: missingRole });
    expect(requiredApproval('compliance', 1, withoutCompliance)).toBe('supervisor');
    expect(RemediationLimits.safeParse({ ...base, grantLimitsCents: { ...base.grantLimitsCents, teller: 100 } }).success).toBe(false);
    expect(RemediationLimits.safeParse({ ...base, supervisorApprovalUpToCents: 2_500.5 }).success).toBe(false);
  });
});
