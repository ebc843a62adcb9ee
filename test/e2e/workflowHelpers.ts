import { randomFillSync, randomUUID } from 'node:crypto';
import { expect, type Page } from '@playwright/test';
import { newCaseReference } from '../../src/shared/cases/streams';
import { formatHlc } from '../../src/shared/clock/hlc';
import type { Queryable } from '../../src/server/db/database';
import { serviceFetch } from './fixtures';

/**
 * Records events on the case service as `username` from another device (a case opened and
 * the customer verified in the IVR, say); the console under test receives them by sync.
 */
export async function recordOnService(serviceUrl: string, username: string, agentId: string, caseId: string, events: { type: string; payload: unknown }[]): Promise<void> {
  const now = Date.now() - 60_000;
  const envelopes = events.map((event, index) => ({
    id: randomUUID(),
    caseId,
    schemaVersion: 1,
    at: new Date(now + index).toISOString(),
    hlc: formatHlc({ wallMs: now + index, counter: 0 }, `e2e-${username}`),
    actorId: agentId,
    deviceId: `e2e-${username}`,
    type: event.type,
    payload: event.payload,
  }));
  // The events carry the device the session is on.
  const response = await serviceFetch(serviceUrl, username, `e2e-${username}`, '/v1/sync/push', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ events: envelopes }) });
  const { results } = (await response.json()) as { results: { outcome: string; reason?: string }[] };
  expect(results.map((r) => r.reason ?? r.outcome)).toEqual(envelopes.map(() => 'applied'));
}

/** A customer of the demo bank whose new cases route to the Tier 1 East queue (not premium or VIP), from a case the seed opened. */
export async function someCustomerId(serviceUrl: string, username: string): Promise<string> {
  const response = await serviceFetch(serviceUrl, username, `e2e-${username}`, '/v1/sync/pull?after=0&limit=1000');
  const page = (await response.json()) as { events: { event: { type: string; payload: { customerId?: string | null; queueId?: string; channel?: string } } }[] };
  const id = page.events
    .filter(({ event }) => event.type === 'case.created' && event.payload.queueId === 'T1-EAST' && event.payload.channel !== 'walk_in')
    .map(({ event }) => event.payload.customerId)
    .find((customerId): customerId is string => typeof customerId === 'string');
  if (!id) throw new Error('the demo seed has no Tier 1 East case with a customer');
  return id;
}

/** A verified customer's case of this type, owned by the agent (Tier 1 East), as if opened on another device during a call. */
export async function openVerifiedCase(serviceUrl: string, username: string, agentId: string, caseType: string, subject: string): Promise<string> {
  const caseId = newCaseReference((bytes) => randomFillSync(bytes));
  const customerId = await someCustomerId(serviceUrl, username);
  await recordOnService(serviceUrl, username, agentId, caseId, [
    { type: 'case.created', payload: { customerId, caseType, severity: 'S3', channel: 'phone', subject, ownerId: agentId, queueId: 'T1-EAST' } },
    { type: 'contact.linked', payload: { contactId: `CT-${caseId}`, channel: 'phone', direction: 'inbound', summary: 'Called about this' } },
    { type: 'customer.verified', payload: { customerId, method: 'security_questions' } },
  ]);
  return caseId;
}

export async function openCaseFromQueue(page: Page, caseId: string): Promise<void> {
  const button = page.getByRole('table', { name: 'My queue' }).getByRole('button', { name: new RegExp(`\\(${caseId}\\)$`) });
  await expect(button).toBeVisible({ timeout: 30_000 });
  await button.click();
}

export function runner(page: Page) {
  return page.locator('section.workflow-runner');
}

export async function expectStep(page: Page, title: RegExp): Promise<void> {
  await expect(runner(page).locator('.wf-progress h3')).toHaveText(title);
}

/** Fills a typed field and leaves it, which saves the answer. */
export async function answer(page: Page, label: string | RegExp, value: string): Promise<void> {
  const field = runner(page).getByLabel(label);
  await field.fill(value);
  await field.blur();
}

export async function choose(page: Page, group: string | RegExp, option: string): Promise<void> {
  await runner(page).getByRole('radiogroup', { name: group }).getByRole('radio', { name: option, exact: true }).check();
}

/** Picks the newest of the case customer's transactions in a transaction field; returns its label. */
export async function pickNewestTransaction(page: Page, group: string | RegExp): Promise<string> {
  const newest = runner(page).getByRole('radiogroup', { name: group }).getByRole('radio').first();
  await expect(newest).toBeVisible({ timeout: 15_000 });
  await newest.check();
  await expect(newest).toBeChecked();
  return (await newest.locator('xpath=ancestor::label').textContent())?.trim() ?? '';
}

/** The newest transaction of a case's customer, as the service holds it. */
export async function newestTransactionOfCase(db: Queryable, caseId: string): Promise<{ id: string; description: string }> {
  const { rows } = await db.query<{ id: string; description: string }>(
    `SELECT t.id, t.description FROM transactions t JOIN cases c ON c.customer_id = t.customer_id
      WHERE c.case_id = $1 ORDER BY t.posted_at DESC, t.id DESC LIMIT 1`,
    [caseId],
  );
  const row = rows[0];
  if (!row) throw new Error(`case ${caseId} has no customer with transactions`);
  return row;
}

export async function readAloud(page: Page, title: string): Promise<void> {
  const box = runner(page).getByRole('checkbox', { name: `Read aloud: ${title}` });
  await box.check();
  await expect(box).toBeDisabled();
}

/** An instant some days ago, written the way a statement shows it (with a zone). */
export function daysAgoIso(days: number): string {
  return new Date(Date.now() - days * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A case's events on the service with their authors, read like a desktop does (login + paged pull). */
export async function serviceEventsWithAuthors(serviceUrl: string, username: string, caseId: string): Promise<{ type: string; actorId: string; payload: unknown }[]> {
  const found: { type: string; actorId: string; payload: unknown }[] = [];
  for (let after = 0; ; ) {
    const response = await serviceFetch(serviceUrl, username, `e2e-${username}`, `/v1/sync/pull?after=${after}&limit=1000`);
    const page = (await response.json()) as { events: { event: { caseId: string; type: string; actorId: string; payload: unknown } }[]; cursor: number; hasMore: boolean };
    for (const { event } of page.events) if (event.caseId === caseId) found.push({ type: event.type, actorId: event.actorId, payload: event.payload });
    after = page.cursor;
    if (!page.hasMore) return found;
  }
}
