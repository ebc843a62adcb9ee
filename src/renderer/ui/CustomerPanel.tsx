import type { AccountKind } from '../../shared/domain/customer';
import type { CustomerRecord } from '../data/db';
import { TierBadge } from './badges';
import { formatUsd, maskedPhone, segmentLabel } from './format';

const accountKindLabel: Record<AccountKind, string> = {
  checking: 'Checking',
  savings: 'Savings',
  credit_card: 'Credit card',
  loan: 'Loan',
  business_checking: 'Business checking',
};

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
        <table className="accounts" aria-label="Accounts">
          <thead>
            <tr>
              <th scope="col">Account</th>
              <th scope="col">Number</th>
              <th scope="col" className="num">
                Balance
              </th>
              <th scope="col" className="num">
                Pending
              </th>
            </tr>
          </thead>
          <tbody>
            {accounts.map((account) => (
              <tr key={account.id}>
                <td>{accountKindLabel[account.kind]}</td>
                <td className="mono" aria-label={`ending ${account.maskedNumber.slice(-4)}`}>
                  {account.maskedNumber}
                </td>
                <td className={`num${account.balanceCents < 0 ? ' negative' : ''}`}>{formatUsd(account.balanceCents)}</td>
                <td className="num">{account.pendingCount > 0 ? `${formatUsd(account.pendingCents)} (${account.pendingCount})` : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted">No accounts on file.</p>
      )}
    </section>
  );
}
