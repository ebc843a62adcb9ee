import type { Agent } from '../../shared/domain/agent';
import { roleLabel } from '../../shared/domain/enums';
import { DEMO_UNENROLLED_USERS, demoTotpSecret } from './demoMfa';

/** Every demo account signs in with this password. Demo data only: never seed it into a real deployment. */
export const DEMO_PASSWORD = 'Demo-2026!';

export interface DemoAgent extends Agent {
  /** What this account is good for in a demo. */
  purpose: string;
}

/** Senior Tier 1 agents also work the premium and VIP queue (resources/queues.json). */
const tier1 = (n: number, displayName: string, teamId: 'T1-EAST' | 'T1-WEST', timeZone: string, senior = false): DemoAgent => {
  const username = `agent${String(n).padStart(2, '0')}`;
  return {
    id: `AGT-${String(n).padStart(3, '0')}`,
    username,
    displayName,
    role: 'tier1_agent',
    teamId,
    branchId: null,
    timeZone,
    skills: senior ? ['senior'] : [],
    purpose: senior ? 'Senior Tier 1 agent (premium and VIP queue)' : 'Tier 1 agent',
  };
};

export const DEMO_AGENTS: readonly DemoAgent[] = [
  {
    id: 'AGT-001',
    username: 'agent',
    displayName: 'Alex Morgan',
    role: 'tier1_agent',
    teamId: 'T1-EAST',
    branchId: null,
    timeZone: 'America/New_York',
    skills: ['senior'],
    purpose: 'Senior Tier 1 agent with a full queue of open cases (start here)',
  },
  tier1(2, 'Jordan Lee', 'T1-EAST', 'America/New_York'),
  tier1(3, 'Priya Patel', 'T1-EAST', 'America/New_York'),
  tier1(4, 'Marcus Johnson', 'T1-EAST', 'America/Chicago'),
  tier1(5, 'Sofia Hernandez', 'T1-EAST', 'America/Chicago'),
  tier1(6, 'Ethan Walker', 'T1-EAST', 'America/New_York'),
  tier1(7, 'Grace Kim', 'T1-WEST', 'America/Los_Angeles', true),
  tier1(8, 'Daniel Okafor', 'T1-WEST', 'America/Los_Angeles'),
  tier1(9, 'Hannah Schultz', 'T1-WEST', 'America/Chicago'),
  tier1(10, 'Mateo Rossi', 'T1-WEST', 'America/Los_Angeles'),
  tier1(11, 'Aisha Rahman', 'T1-WEST', 'America/Los_Angeles'),
  tier1(12, "Liam O'Brien", 'T1-WEST', 'America/Chicago'),
  {
    id: 'AGT-013',
    username: 'specialist',
    displayName: 'Nina Volkova',
    role: 'specialist',
    teamId: 'T2-FRAUD-DISPUTES',
    branchId: null,
    timeZone: 'America/New_York',
    skills: ['fraud', 'disputes'],
    purpose: 'Tier 2 fraud and disputes specialist',
  },
  {
    id: 'AGT-014',
    username: 'supervisor',
    displayName: 'Rachel Chen',
    role: 'supervisor',
    teamId: 'T1-EAST',
    branchId: null,
    timeZone: 'America/New_York',
    skills: [],
    purpose: 'Team lead of T1-EAST: queues, SLA risk, approvals',
  },
  {
    id: 'AGT-015',
    username: 'branch',
    displayName: 'Samuel Brooks',
    role: 'branch_staff',
    teamId: 'BR-001',
    branchId: 'BR-001',
    timeZone: 'America/New_York',
    skills: [],
    purpose: 'Branch staff at BR-001: walk-in complaints, printed acknowledgements',
  },
  {
    id: 'AGT-016',
    username: 'compliance',
    displayName: 'Olivia Grant',
    role: 'compliance',
    teamId: 'COMPLIANCE',
    branchId: null,
    timeZone: 'America/New_York',
    skills: [],
    purpose: 'Compliance officer: regulatory complaints and audit',
  },
  {
    id: 'AGT-017',
    username: 'aml',
    displayName: 'Tomás Silva',
    role: 'specialist',
    teamId: 'T2-AML',
    branchId: null,
    timeZone: 'America/New_York',
    skills: ['aml'],
    purpose: 'AML investigator: the only specialist who sees AML investigations',
  },
  {
    id: 'AGT-018',
    username: 'qa',
    displayName: 'Maya Brennan',
    role: 'qa_reviewer',
    teamId: 'QA',
    branchId: null,
    timeZone: 'America/New_York',
    skills: [],
    purpose: 'QA reviewer: scores sampled interactions',
  },
  {
    id: 'AGT-019',
    username: 'admin',
    displayName: 'Chris Adeyemi',
    role: 'administrator',
    teamId: 'IT',
    branchId: null,
    timeZone: 'America/New_York',
    skills: [],
    purpose: 'Administrator: users, roles and configuration, no case content',
  },
];

export function demoAgentByUsername(username: string): DemoAgent {
  const agent = DEMO_AGENTS.find((candidate) => candidate.username === username);
  if (!agent) throw new Error(`no demo agent ${username}`);
  return agent;
}

/** A plain-text table of the demo sign-ins (with each one's TOTP secret), for the CLI, start script and README. */
export function formatDemoCredentials(): string {
  const rows = DEMO_AGENTS.map((agent) => [
    agent.username,
    DEMO_PASSWORD,
    DEMO_UNENROLLED_USERS.includes(agent.username) ? '(enrols at first sign-in)' : demoTotpSecret(agent.username),
    roleLabel[agent.role],
    agent.displayName,
    agent.purpose,
  ]);
  const header = ['user', 'password', 'TOTP secret', 'role', 'name', 'for'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}
