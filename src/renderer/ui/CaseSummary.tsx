import type { CaseState } from '../../shared/domain/caseState';
import { caseTypeLabel, channelLabel } from '../../shared/domain/enums';
import { SeverityBadge, StatusBadge } from './badges';
import { formatInstant } from './format';
import { Icon } from './Icon';
import { resolutionCodeLabel } from '../../shared/cases/resolutionCodes';
import { describeConflict } from './conflicts/conflictWords';

export function CaseSummary({ caseState, ownerName, nameOf, timeZone }: { caseState: CaseState; ownerName: string; nameOf(agentId: string): string; timeZone: string }) {
  return (
    <section className="panel summary" aria-labelledby="summary-title">
      <h2 id="summary-title">Case</h2>
      <dl className="facts">
        <div>
          <dt>Type</dt>
          <dd>{caseTypeLabel[caseState.caseType]}</dd>
        </div>
        <div>
          <dt>Severity</dt>
          <dd>
            <SeverityBadge severity={caseState.severity} />
          </dd>
        </div>
        <div>
          <dt>Status</dt>
          <dd>
            <StatusBadge status={caseState.status} />
          </dd>
        </div>
        <div>
          <dt>Channel</dt>
          <dd>{caseState.channels.map((channel) => channelLabel[channel]).join(', ')}</dd>
        </div>
        <div>
          <dt>Owner</dt>
          <dd>{ownerName}</dd>
        </div>
        <div>
          <dt>Opened</dt>
          <dd>
            <time dateTime={caseState.createdAt}>{formatInstant(caseState.createdAt, timeZone)}</time>
          </dd>
        </div>
        {caseState.resolutionCode && (
          <div>
            <dt>Resolution</dt>
            <dd>{resolutionCodeLabel(caseState.resolutionCode)}</dd>
          </div>
        )}
        {caseState.firstContactResolution !== null && (
          <div>
            <dt>First-contact resolution</dt>
            <dd>{caseState.firstContactResolution ? 'Yes' : 'No'}</dd>
          </div>
        )}
        <div>
          <dt>Reference</dt>
          <dd className="mono">{caseState.id}</dd>
        </div>
      </dl>
      {caseState.conflicts.length > 0 && (
        <div className="alert" role="alert">
          <p>
            <Icon name="warning" />{' '}
            {caseState.conflicts.length === 1 ? 'Two changes to this case were made' : `${caseState.conflicts.length} pairs of changes to this case were made`} without seeing
            each other; a supervisor settles which one holds (Settle conflict).
          </p>
          <ul>
            {caseState.conflicts.map((conflict) => (
              <li key={conflict.conflictId}>{describeConflict(conflict, nameOf)}</li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
