import type { Page } from '@playwright/test';
import { expect, serviceEventsOfCase, signIn, test, type ConsoleStack } from './fixtures';
import { expectAccessible } from './accessibility';

const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });
const tierLabel: Record<string, string> = { standard: 'Standard', premium: 'Premium', vip: 'VIP', business: 'Business' };

/** A demo customer with accounts and transactions, read from the case service's own tables. */
async function demoCustomer(stack: ConsoleStack, id = 'CUS-000007') {
  const db = stack.service.db;
  const customer = (await db.query<{ id: string; full_name: string; tier: string; phone: string }>('SELECT id, full_name, tier, phone FROM customers WHERE id = $1', [id])).rows[0];
  if (!customer) throw new Error(`no demo customer ${id}`);
  const accounts = (await db.query<{ id: string; balance_cents: string; account_number: string }>('SELECT id, balance_cents::text, account_number FROM accounts WHERE customer_id = $1 ORDER BY opened_on, id', [id])).rows;
  const transactions = (await db.query<{ description: string; amount_cents: string }>('SELECT description, amount_cents::text FROM transactions WHERE customer_id = $1 ORDER BY posted_at DESC, id DESC LIMIT 10', [id])).rows;
  return { ...customer, accounts, transactions };
}

async function popContact(stack: ConsoleStack, body: Record<string, string>) {
  const cti = stack.host.cti;
  if (!cti) throw new Error('the browser host has no CTI endpoint');
  const reply = await fetch(cti.url, { method: 'POST', headers: { authorization: `Bearer ${cti.token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(reply.status).toBe(202);
  return ((await reply.json()) as { popId: string }).popId;
}

/** Whether the desktop's read model holds the customer in its offline screen-pop index. */
function keptForOfflinePops(page: Page, customerId: string): Promise<boolean> {
  return page.evaluate(async (id) => {
    const names = (await indexedDB.databases()).flatMap((info) => (info.name?.startsWith('agent-console-read-model-') ? [info.name] : []));
    for (const name of names) {
      const held = await new Promise<boolean>((resolve) => {
        const opening = indexedDB.open(name);
        opening.onerror = () => resolve(false);
        opening.onsuccess = () => {
          const db = opening.result;
          if (!db.objectStoreNames.contains('popIndex')) {
            db.close();
            resolve(false);
            return;
          }
          const read = db.transaction('popIndex', 'readonly').objectStore('popIndex').count(id);
          read.onsuccess = () => {
            db.close();
            resolve(read.result > 0);
          };
          read.onerror = () => {
            db.close();
            resolve(false);
          };
        };
      });
      if (held) return true;
    }
    return false;
  }, customerId);
}

/** The pop records the contact on the customer; the agent opens a case for it (nothing is opened by the look-up itself). */
async function contactCaseId(page: Page): Promise<string> {
  const placement = page.getByRole('region', { name: 'Record this contact on a case' });
  await placement.getByRole('button', { name: 'Open new case' }).click();
  const button = page.getByRole('button', { name: /^Open case AC-/ });
  await expect(button).toBeVisible();
  return ((await button.textContent()) ?? '').replace('Open case', '').trim();
}

test('a CTI call pops the caller’s record; refunds stay locked until the customer is verified', async ({ page, stack }) => {
  await page.goto(stack.host.url);
  await signIn(page, 'agent');
  const customer = await demoCustomer(stack);
  await popContact(stack, { ani: customer.phone, channel: 'phone', contactId: 'e2e-call-1' });

  const pop = page.getByRole('article', { name: customer.full_name });
  await expect(pop.getByRole('heading', { level: 1 })).toHaveText(customer.full_name);
  await expect(pop.getByText(tierLabel[customer.tier] ?? customer.tier, { exact: true }).first()).toBeVisible();
  const accounts = pop.getByRole('table', { name: 'Accounts' });
  for (const account of customer.accounts) {
    await expect(accounts).toContainText(usd.format(Number(account.balance_cents) / 100));
    await expect(accounts).toContainText(`••••${account.account_number.slice(-4)}`);
    await expect(accounts).not.toContainText(account.account_number);
  }
  const transactions = pop.getByRole('table', { name: 'Last transactions' });
  await expect(transactions.getByRole('row')).toHaveCount(customer.transactions.length + 1);
  for (const transaction of customer.transactions.slice(0, 3)) {
    await expect(transactions).toContainText(transaction.description);
    await expect(transactions).toContainText(usd.format(Number(transaction.amount_cents) / 100));
  }
  await expect(pop.getByRole('timer', { name: 'Handle time' })).toBeVisible();
  await expectAccessible(page, 'screen pop');

  // Unverified: money does not move, and the screen says why.
  const refund = pop.getByRole('button', { name: 'Start refund' });
  await expect(refund).toBeDisabled();
  await expect(pop.getByText(/Verify the customer first/)).toBeVisible();
  await expect(pop.getByText('Not verified on this contact')).toBeVisible();

  await pop.getByRole('radio', { name: /security questions/ }).check();
  await pop.getByRole('button', { name: 'Record verification' }).click();
  await expect(pop.getByText(/Verified by security questions/)).toBeVisible();
  // The verification goes with the contact to the case it is linked to: money movement opens there.
  await expect(pop.getByText('Link the contact to a case first: the refund is recorded on it.')).toBeVisible();
  await contactCaseId(page);
  await expect(refund).toBeEnabled();
  await expect(pop.getByText(/Verify the customer first/)).toHaveCount(0);
});

test('a reveal asks for a reason and writes an audit event to the case timeline and the service', async ({ page, stack }) => {
  await page.goto(stack.host.url);
  await signIn(page, 'specialist');
  const customer = await demoCustomer(stack);
  const account = customer.accounts[0];
  if (!account) throw new Error('the demo customer has no account');
  await popContact(stack, { ani: customer.phone, channel: 'chat' });
  const pop = page.getByRole('article', { name: customer.full_name });
  await expect(pop.getByRole('heading', { level: 1 })).toHaveText(customer.full_name);
  const caseId = await contactCaseId(page);

  await pop.getByRole('button', { name: /^Reveal .*account number$/ }).first().click();
  const dialog = page.getByRole('dialog', { name: /^Reveal the / });
  const reason = 'Customer needs the full number for a wire transfer form';
  await dialog.getByRole('textbox', { name: 'Reason for revealing' }).fill(reason);
  await dialog.getByRole('button', { name: 'Reveal', exact: true }).click();
  await expect(pop.getByRole('table', { name: 'Accounts' })).toContainText(account.account_number);

  await pop.getByRole('button', { name: `Open case ${caseId}` }).click();
  const timeline = page.getByRole('list', { name: 'Case timeline' });
  await expect(timeline).toContainText('Revealed the account number');
  await expect(timeline).toContainText(reason);
  await expect(timeline).not.toContainText(account.account_number);

  const revealedOnService = async () => (await serviceEventsOfCase(stack.service.url, 'specialist', caseId)).filter((event) => event.type === 'sensitive.revealed').length;
  await expect.poll(revealedOnService, { timeout: 30_000 }).toBe(1);
  const audit = await stack.service.db.query<{ agent_id: string; outcome: string; reason: string }>('SELECT agent_id, outcome, reason FROM sensitive_access_audit WHERE case_id = $1', [caseId]);
  expect(audit.rows).toEqual([{ agent_id: 'AGT-013', outcome: 'revealed', reason }]);
});

test('a caller on a shared line gets a chooser; an unknown caller’s contact is kept, with no case, until linked to a customer', async ({ page, stack }) => {
  await page.goto(stack.host.url);
  await signIn(page, 'agent');
  const shared = (await stack.service.db.query<{ phone: string; ids: string[] }>('SELECT phone, array_agg(id ORDER BY id) AS ids FROM customers GROUP BY phone HAVING count(*) > 1 ORDER BY phone LIMIT 1')).rows[0];
  if (!shared) throw new Error('the demo bank has no shared line');
  // The hard case: the desktop keeps this line's holders for offline pops (an earlier look-up of one
  // of them brought in every holder of the line), so the pop is answered locally and must still ask who is calling.
  await page.getByRole('button', { name: /^Search/ }).click();
  const finder = page.getByRole('dialog', { name: 'Find a customer' });
  await finder.getByRole('combobox', { name: 'Search customers' }).fill(shared.ids[0] ?? '');
  await expect(finder.getByRole('listbox', { name: 'Matching customers' }).getByRole('option').first()).toBeVisible({ timeout: 30_000 });
  await page.keyboard.press('Enter');
  await expect(page.getByRole('article')).toBeVisible();
  await page.keyboard.press('Escape');
  for (const customerId of shared.ids) await expect.poll(() => keptForOfflinePops(page, customerId), { timeout: 30_000 }).toBe(true);
  await popContact(stack, { ani: shared.phone, channel: 'phone' });
  await expect(page.getByRole('heading', { level: 1, name: 'Several customers match this contact' })).toBeVisible();
  const options = page.locator('.chooser-option');
  await expect(options).toHaveCount(2);
  await expectAccessible(page, 'shared-line chooser');
  const chosenName = (await options.nth(1).locator('.chooser-name').textContent()) ?? '';
  await options.nth(1).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(chosenName);

  await popContact(stack, { ani: '+19995550123', channel: 'phone' });
  await expect(page.getByRole('heading', { level: 1, name: 'Unknown caller' })).toBeVisible();
  await expect(page.getByText(/The contact is kept as an unknown caller/)).toBeVisible();
  await page.getByRole('button', { name: 'Link to a customer…' }).click();
  const search = page.getByRole('dialog', { name: 'Link this contact to a customer' });
  await search.getByRole('combobox', { name: 'Search customers' }).fill('CUS-000007');
  await expect(search.getByRole('option').first()).toBeVisible();
  await expectAccessible(page, 'customer search');
  await page.keyboard.press('Enter');
  const customer = await demoCustomer(stack);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(customer.full_name);
});

test('the CTI endpoint refuses a bad token and an invalid body with the reason', async ({ stack }) => {
  const cti = stack.host.cti;
  if (!cti) throw new Error('no CTI endpoint');
  const unauthorised = await fetch(cti.url, { method: 'POST', headers: { authorization: 'Bearer nope', 'content-type': 'application/json' }, body: '{}' });
  expect(unauthorised.status).toBe(401);
  const invalid = await fetch(cti.url, { method: 'POST', headers: { authorization: `Bearer ${cti.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ ani: '555', channel: 'phone' }) });
  expect(invalid.status).toBe(400);
  expect(((await invalid.json()) as { error: { message: string } }).error.message).toContain('ani must be an E.164 number');
});
