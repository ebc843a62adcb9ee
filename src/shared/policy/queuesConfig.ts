import { z } from 'zod';
import bundledQueues from '../../../resources/queues.json' with { type: 'json' };
import { CaseType, Channel, CustomerTier } from '../domain/enums';

/** A queue of work, by skill: the teams that work it and the skills a person needs to take from it. */
export const Queue = z.strictObject({
  id: z.string().regex(/^[A-Z0-9][A-Z0-9-]{0,31}$/, 'queue ids are upper-case letters, digits and dashes'),
  name: z.string().trim().min(1).max(80),
  teams: z.array(z.string().min(1)).min(1),
  skills: z.array(z.string().min(1)).default([]),
  /** New cases of a team's members start here unless a routing rule says otherwise (one per team). */
  teamDefault: z.boolean().default(false),
});
export type Queue = z.infer<typeof Queue>;

/** A routing rule: every listed condition must hold (an empty `when` always does); the first match wins. */
export const RoutingRule = z.strictObject({
  when: z.strictObject({
    caseTypes: z.array(CaseType).optional(),
    channels: z.array(Channel).optional(),
    tiers: z.array(CustomerTier).optional(),
    /** The team of whoever opens the case. */
    teams: z.array(z.string().min(1)).optional(),
  }),
  /** A queue id, or `@team` (the opener's team default queue) or `@branch` (the opener's branch queue). */
  queue: z.string().min(1),
  why: z.string().trim().min(1).max(200),
});
export type RoutingRule = z.infer<typeof RoutingRule>;

export const QueuesConfig = z
  .strictObject({
    source: z.string().trim().min(1),
    queues: z.array(Queue).min(1),
    routing: z.array(RoutingRule).min(1),
  })
  .superRefine((config, ctx) => {
    const ids = new Set<string>();
    config.queues.forEach((queue, index) => {
      if (ids.has(queue.id)) ctx.addIssue({ code: 'custom', path: ['queues', index, 'id'], message: `queue "${queue.id}" is listed twice` });
      ids.add(queue.id);
    });
    const defaults = new Map<string, string>();
    for (const queue of config.queues.filter((q) => q.teamDefault)) {
      for (const team of queue.teams) {
        const other = defaults.get(team);
        if (other) ctx.addIssue({ code: 'custom', path: ['queues'], message: `team ${team} has two default queues (${other} and ${queue.id})` });
        defaults.set(team, queue.id);
      }
    }
    config.routing.forEach((rule, index) => {
      if (!rule.queue.startsWith('@') && !ids.has(rule.queue)) ctx.addIssue({ code: 'custom', path: ['routing', index, 'queue'], message: `no queue "${rule.queue}" is defined` });
      if (rule.queue.startsWith('@') && rule.queue !== '@team' && rule.queue !== '@branch') {
        ctx.addIssue({ code: 'custom', path: ['routing', index, 'queue'], message: 'use a queue id, "@team" or "@branch"' });
      }
    });
    const last = config.routing[config.routing.length - 1];
    if (last && Object.values(last.when).some((condition) => condition !== undefined)) {
      ctx.addIssue({ code: 'custom', path: ['routing', config.routing.length - 1, 'when'], message: 'the last rule must match every case (an empty "when"), so no case goes unrouted' });
    }
  });
export type QueuesConfig = z.infer<typeof QueuesConfig>;

export const BUNDLED_QUEUES: QueuesConfig = QueuesConfig.parse(bundledQueues);

export interface QueueWorker {
  teamId: string;
  branchId: string | null;
  skills: readonly string[];
}

export function findQueue(config: QueuesConfig, queueId: string | null | undefined): Queue | undefined {
  return queueId ? config.queues.find((queue) => queue.id === queueId) : undefined;
}

/** Whether this person works the queue: their team is one of its teams and they hold every skill it needs. */
export function worksQueue(queue: Queue, worker: QueueWorker): boolean {
  return queue.teams.includes(worker.teamId) && queue.skills.every((skill) => worker.skills.includes(skill));
}

export function teamDefaultQueue(config: QueuesConfig, teamId: string): Queue | undefined {
  return config.queues.find((queue) => queue.teamDefault && queue.teams.includes(teamId));
}

export interface RoutingFacts {
  caseType: CaseType;
  channel: Channel;
  /** The customer's tier; null for an unknown caller. */
  tier: CustomerTier | null;
  opener: QueueWorker;
}

export type Routing = { ok: true; queue: Queue; rule: RoutingRule } | { ok: false; reason: string };

/** The queue a new case goes to: the first routing rule whose conditions hold. */
export function routeCase(config: QueuesConfig, facts: RoutingFacts): Routing {
  for (const rule of config.routing) {
    const { caseTypes, channels, tiers, teams } = rule.when;
    if (caseTypes && !caseTypes.includes(facts.caseType)) continue;
    if (channels && !channels.includes(facts.channel)) continue;
    if (tiers && (facts.tier === null || !tiers.includes(facts.tier))) continue;
    if (teams && !teams.includes(facts.opener.teamId)) continue;
    const queueId = rule.queue === '@team' ? teamDefaultQueue(config, facts.opener.teamId)?.id : rule.queue === '@branch' ? (facts.opener.branchId ?? teamDefaultQueue(config, facts.opener.teamId)?.id) : rule.queue;
    const queue = findQueue(config, queueId);
    if (!queue) return { ok: false, reason: `routing rule "${rule.why}" leads to no queue for team ${facts.opener.teamId} [${config.source}]` };
    return { ok: true, queue, rule };
  }
  return { ok: false, reason: `no routing rule matches [${config.source}]` };
}

/** Queues this person may take work from ("Take next"). */
export function queuesWorkedBy(config: QueuesConfig, worker: QueueWorker): Queue[] {
  return config.queues.filter((queue) => worksQueue(queue, worker));
}

/**
 * Where a case a person opens starts (the desktop's case.created): the routed queue, owned by its
 * opener when they work that queue, otherwise waiting there unassigned for those who do. The case
 * service checks the same routing against the customer it holds (casePolicy: decideCreation).
 */
export function placeNewCase(config: QueuesConfig, facts: RoutingFacts & { opener: QueueWorker & { id: string } }): { ok: true; queueId: string; ownerId: string | null } | { ok: false; reason: string } {
  const routed = routeCase(config, facts);
  if (!routed.ok) return routed;
  return { ok: true, queueId: routed.queue.id, ownerId: worksQueue(routed.queue, facts.opener) ? facts.opener.id : null };
}
