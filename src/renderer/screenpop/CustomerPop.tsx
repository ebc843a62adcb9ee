import { useMemo } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { canPerform } from '../../shared/policy/guardedActions';
import { revealDecision } from '../../shared/privacy/revealDecision';
import type { CaseState } from '../../shared/domain/caseState';
import { OPEN_STATUSES, caseTypeLabel, channelLabel, type Channel } from '../../shared/domain/enums';
import { useCaseClocks } from '../sla/useCaseClocks';
import { SlaUrgentCell } from '../sla/SlaCountdown';
import { AccountsTable, accountKindLabel } from '../ui/AccountsTable';
import { SeverityBadge, StatusBadge } from '../ui/badges';
import { useReadModels, useServices, useSession } from '../ui/context';
import { formatInstant, formatUsd, maskedPhone } from '../ui/format';
import { contactHistory, lastTransactions, type PopSnapshot } from './popLookup';
import { RefundAction } from './RefundAction';
import { RevealableValue } from './RevealableValue';
import { useScreenPopStore } from './screenPopContext';
import type { PopSession } from './screenPopStore';
import { VerificationPanel, useContactVerification } from './VerificationPanel';
import { Icon } from '../ui/Icon';
import { ContactPlacement } from './ContactPlacement';

/**
 * The whole customer on one screen. The first paint comes from the snapshot the lookup read;
 * from then on every part follows the read model live (a verification, a new contact, a refund).
 */
export function CustomerPop({ session, snapshot, customerId }: { session: PopSession; snapshot: PopSnapshot; customerId: string }) {
  const { db } = useReadModels();
  const agent = useSession((state) => state.agent);
  const timeZone = agent?.timeZone ?? 'UTC';
  const record = useLiveQuery(() => db.customers.get(customerId), [db, customerId], snapshot.customer) ?? snapshot.customer;
  const liveTransactions = useLiveQuery(() => lastTransactions(db, customerId), [db, customerId], snapshot.transactions);
  const transactions = liveTransactions.length > 0 ? liveTransactions : snapshot.transactions;
  // null: still on their way (the first paint did not wait for them).
  const cases = useLiveQuery(() => db.cases.where('customerId').equals(customerId).toArray(), [db, customerId]) ?? snapshot.cases;
  const caseKey = cases ? cases.map((state) => state.id).sort().join(',') : null;
  const contacts = useLiveQuery(() => (caseKey === null ? Promise.resolve(null) : contactHistory(db, caseKey ? caseKey.split(',') : [])), [db, caseKey]) ?? snapshot.contacts;
  const verification = useContactVerification(session);
  const openCases = useMemo(() => (cases ? cases.filter((state) => OPEN_STATUSES.includes(state.status)).sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : -1)) : null), [cases]);
  // A customer calling back about something just resolved: the case is a click away, to reopen it.
  const finishedCases = useMemo(() => (cases ? cases.filter((state) => !OPEN_STATUSES.includes(state.status)).sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : -1)).slice(0, 5) : []), [cases]);
  const accountNumber = useMemo(() => new Map(record.accounts.map((account) => [account.id, account.maskedNumber])), [record.accounts]);
  const role = agent?.role ?? 'tier1_agent';
  const customer = record.customer;
  const reveal = revealDecision(canPerform('reveal_sensitive', { role, verified: verification.verified }), agent, customer);

  return (
    <div className="pop-grid">
      <div className="pop-col">
        <section className="panel" aria-labelledby="identity-title">
          <h2 id="identity-title">Identity</h2>
          <dl className="facts">
            <div>
              <dt>Customer</dt>
              <dd className="mono">{customer.id}</dd>
            </div>
            <div>
              <dt>Customer since</dt>
              <dd>{customer.customerSince}</dd>
            </div>
            <div>
              <dt>Home branch</dt>
              <dd>{customer.branchId}</dd>
            </div>
            <div>
              <dt>Phone</dt>
              <dd>
                <RevealableValue masked={maskedPhone(customer.phoneLast4)} label="phone number" field="phone" targetId={customer.id} customerId={customer.id} caseId={session.caseId} decision={reveal} />
              </dd>
            </div>
            <div>
              <dt>E-mail</dt>
              <dd>
                <RevealableValue masked="hidden" label="e-mail address" field="email" targetId={customer.id} customerId={customer.id} caseId={session.caseId} decision={reveal} />
              </dd>
            </div>
          </dl>
          {!reveal.allowed && (
            <p className="action-reason" id="reveal-reason">
              <Icon name="warning" />{' '}
              {reveal.reason}
            </p>
          )}
        </section>
        <VerificationPanel session={session} verification={verification} />
        <RefundAction session={session} transactions={transactions} accountNumber={accountNumber} verified={verification.verified} />
      </div>

      <div className="pop-col pop-col-wide">
        <section className="panel" aria-labelledby="accounts-title">
          <h2 id="accounts-title">Accounts</h2>
          {record.accounts.length === 0 ? (
            <p className="muted">No accounts on file.</p>
          ) : (
            <AccountsTable
              className="accounts pop-table"
              accounts={record.accounts}
              numberCell={(account) => (
                <td>
                  <RevealableValue
                    masked={account.maskedNumber}
                    label={`${accountKindLabel[account.kind].toLowerCase()} account number`}
                    field="account_number"
                    targetId={account.id}
                    customerId={customer.id}
                    caseId={session.caseId}
                    decision={reveal}
                    mono
                  />
                </td>
              )}
            />
          )}
        </section>

        <section className="panel" aria-labelledby="transactions-title">
          <h2 id="transactions-title">Last {transactions.length} transactions</h2>
          {transactions.length === 0 ? (
            <p className="muted">No transactions on file.</p>
          ) : (
            <table className="accounts pop-table" aria-label="Last transactions">
              <thead>
                <tr>
                  <th scope="col">Date</th>
                  <th scope="col">Description</th>
                  <th scope="col">Account</th>
                  <th scope="col">Card</th>
                  <th scope="col" className="num">
                    Amount
                  </th>
                </tr>
              </thead>
              <tbody>
                {transactions.map((transaction) => (
                  <tr key={transaction.id}>
                    <td className="nowrap">{formatInstant(transaction.postedAt, timeZone)}</td>
                    <td>
                      {transaction.description}
                      {transaction.status === 'pending' && (
                        <span className="badge pending">
                          <Icon name="pending" /> Pending
                        </span>
                      )}
                    </td>
                    <td className="mono">{accountNumber.get(transaction.accountId) ?? '—'}</td>
                    <td className="mono">{transaction.cardLast4 ? `•••• ${transaction.cardLast4}` : '—'}</td>
                    <td className={`num${transaction.amountCents < 0 ? ' negative' : ''}`}>{formatUsd(transaction.amountCents)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      </div>

      <div className="pop-col">
        <ContactPlacement session={session} />
        <OpenCases cases={openCases} contactCaseId={session.caseId} />
        {finishedCases.length > 0 && <RecentlyFinishedCases cases={finishedCases} />}
        <section className="panel" aria-labelledby="contacts-title">
          <h2 id="contacts-title">Contact history</h2>
          {contacts === null ? (
            <p className="muted">Loading contact history…</p>
          ) : contacts.length === 0 ? (
            <p className="muted">No earlier contacts.</p>
          ) : (
            <ol className="contact-history" aria-label="Contact history, all channels">
              {contacts.slice(0, 20).map((contact) => (
                <li key={contact.eventId}>
                  <span className="badge channel">{channelLabel[contact.channel as Channel] ?? contact.channel}</span>{' '}
                  <time dateTime={contact.at}>{formatInstant(contact.at, timeZone)}</time> <span className="muted">{contact.direction}</span> · <span className="mono">{contact.caseId}</span>
                  {contact.summary && <p className="contact-summary">{contact.summary}</p>}
                </li>
              ))}
            </ol>
          )}
        </section>
      </div>
    </div>
  );
}

function OpenCases({ cases, contactCaseId }: { cases: CaseState[] | null; contactCaseId: string | null }) {
  const store = useScreenPopStore();
  const { ui } = useServices();
  return (
    <section className="panel" aria-labelledby="open-cases-title">
      <h2 id="open-cases-title">Open cases{cases ? ` (${cases.length})` : ''}</h2>
      {cases === null ? (
        <p className="muted">Loading open cases…</p>
      ) : cases.length === 0 ? (
        <p className="muted">No open cases.</p>
      ) : (
        <ul className="open-cases" aria-label="Open cases">
          {cases.map((state) => (
            <li key={state.id}>
              <div className="open-case-head">
                <button
                  type="button"
                  className="link mono"
                  onClick={() => {
                    store.getState().close();
                    ui.getState().openCase(state.id);
                  }}
                >
                  {state.id}
                </button>
                {state.id === contactCaseId && <span className="badge this-contact">This contact</span>}
                <StatusBadge status={state.status} /> <SeverityBadge severity={state.severity} />
              </div>
              <p>
                {caseTypeLabel[state.caseType]}: {state.subject}
              </p>
              <CaseSla caseId={state.id} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function RecentlyFinishedCases({ cases }: { cases: CaseState[] }) {
  const store = useScreenPopStore();
  const { ui } = useServices();
  return (
    <section className="panel" aria-labelledby="finished-cases-title">
      <h2 id="finished-cases-title">Recently resolved or closed</h2>
      <ul className="open-cases" aria-label="Recently resolved or closed cases">
        {cases.map((state) => (
          <li key={state.id}>
            <div className="open-case-head">
              <button
                type="button"
                className="link mono"
                onClick={() => {
                  store.getState().close();
                  ui.getState().openCase(state.id);
                }}
              >
                {state.id}
              </button>
              <StatusBadge status={state.status} />
            </div>
            <p>
              {caseTypeLabel[state.caseType]}: {state.subject}
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}

function CaseSla({ caseId }: { caseId: string }) {
  const { sla, loading } = useCaseClocks(caseId);
  const urgent = sla?.urgent ?? null;
  return (
    <p className="open-case-sla">
      <span className="muted">SLA: </span>
      <SlaUrgentCell clock={urgent} dueMs={urgent ? sla?.dueMs.get(urgent.id) : undefined} loading={loading} />
    </p>
  );
}
