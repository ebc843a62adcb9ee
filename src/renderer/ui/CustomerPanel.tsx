import type { CustomerRecord } from '../data/db';
import { AccountsTable } from './AccountsTable';
import { TierBadge } from './badges';
import { maskedPhone, segmentLabel } from './format';

/** The screen pop: who the customer is and where their money stands, without further clicks. */
export function CustomerPanel({ record }: { record: CustomerRecord }) {
  const { customer, accounts } = record;
  return (
    <section className="panel customer" aria-labelledby="customer-name">
      <div className="customer-head">
        <h2 id="customer-name">{customer.fullName}</h2>
        <TierBadge tier={customer.tier} />
        <span className="badge segment">{segmentLabel[customer.segment]}</span>
      </div>
      <dl className="facts">
        <div>
          <dt>Phone</dt>
          <dd aria-label={`Phone ending ${customer.phoneLast4}`}>{maskedPhone(customer.phoneLast4)}</dd>
        </div>
        <div>
          <dt>Customer since</dt>
          <dd>{customer.customerSince}</dd>
        </div>
      </dl>
      {accounts.length > 0 ? (
        <AccountsTable
          accounts={accounts}
          numberCell={(account) => (
            <td className="mono" aria-label={`ending ${account.maskedNumber.slice(-4)}`}>
              {account.maskedNumber}
            </td>
          )}
        />
      ) : (
        <p className="muted">No accounts on file.</p>
      )}
    </section>
  );
}
