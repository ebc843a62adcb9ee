import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RolesConfig } from '../../../src/shared/policy/rolesConfig';
import { rolesMatrixMarkdown } from '../../../src/shared/policy/rolesMatrix';
import { readRolesMatrix } from '../../../src/shared/policy/rolesMatrixSection';

describe("the README's roles × rights matrix", () => {
  it('matches resources/roles.json (run npm run roles:matrix after changing the file)', () => {
    const roles = RolesConfig.parse(JSON.parse(readFileSync('resources/roles.json', 'utf8')));
    expect(readRolesMatrix(readFileSync('README.md', 'utf8'))).toBe(rolesMatrixMarkdown(roles));
  });

  it('shows each role’s rights as the file grants them', () => {
    const roles = RolesConfig.parse(JSON.parse(readFileSync('resources/roles.json', 'utf8')));
    const settle = rolesMatrixMarkdown(roles).split('\n').find((line) => line.startsWith('| Settle a conflict'));
    // Columns in Role order: Tier 1, Specialist, Supervisor, Branch, Compliance, QA, Administrator.
    expect(settle?.split('|').slice(2, -1).map((cell) => cell.trim())).toEqual(['', '', '✓', '', '✓', '', '']);
    const withoutSettling = { ...roles, roles: { ...roles.roles, supervisor: { ...roles.roles.supervisor, permissions: roles.roles.supervisor.permissions.filter((p) => p !== 'settle_conflict') } } };
    expect(rolesMatrixMarkdown(withoutSettling)).not.toBe(rolesMatrixMarkdown(roles));
  });
});
