import type { ReactNode } from 'react';
import type { Account, AccountKind } from '../../shared/domain/customer';
import { formatUsd } from './format';

export const accountKindLabel: Record<AccountKind, string> = {
  checking: 'Checking',
  savings: 'Savings',
  credit_card: 'Credit card',
  loan: 'Loan',
  business_checking: 'Business checking',
};

/** A customer's accounts with balance and pending items; how the (masked) number cell looks is the caller's. */
export function AccountsTable({ accounts, numberCell, className = 'accounts' }: { accounts: readonly Account[]; numberCell: (account: Account) => ReactNode; className?: string }) {
  return (
    <table className={className} aria-label="Accounts">
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
            {numberCell(account)}
            <td className={`num${account.balanceCents < 0 ? ' negative' : ''}`}>{formatUsd(account.balanceCents)}</td>
            <td className="num">{account.pendingCount > 0 ? `${formatUsd(account.pendingCents)} (${account.pendingCount} pending)` : '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
