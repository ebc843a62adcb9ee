import { useEffect, useLayoutEffect, useRef } from 'react';
import { channelLabel } from '../../shared/domain/enums';
import { describeIntakeIdentifiers } from '../../shared/screenpop/intake';
import { TierBadge } from '../ui/badges';
import { useServices } from '../ui/context';
import { maskedPhone, segmentLabel } from '../ui/format';
import { ContactPlacement } from './ContactPlacement';
import { CustomerPop } from './CustomerPop';
import { HandleTimer } from './HandleTimer';
import { useScreenPop, useScreenPopStore } from './screenPopContext';
import type { PopSession } from './screenPopStore';
import { ProblemAlert } from '../ui/ProblemAlert';
import { markPopRendered } from './popTiming';

const sourceLabel = { cti: 'softphone', link: 'telephony link', manual: 'search', history: 'history' } as const;

/** The one screen a contact brings up: who it is and everything needed to help, without further clicks. */
export function ScreenPopView() {
  const store = useScreenPopStore();
  const current = useScreenPop((state) => state.current);
  const popId = current?.request.popId;
  const phase = current?.phase;
  const heading = useRef<HTMLHeadingElement>(null);

  // The pop is on screen once this commit lands: main times it from the contact's arrival.
  useLayoutEffect(() => {
    if (!popId || !phase || phase === 'looking_up') return;
    markPopRendered(popId);
    store.getState().rendered(popId);
  }, [popId, phase, store]);

  useEffect(() => {
    heading.current?.focus();
  }, [popId, phase]);

  useEffect(() => {
    // Capture phase: the pop sits over a case view that also listens for Escape; only the pop closes.
    function onKeyDown(event: KeyboardEvent) {
      if (event.key !== 'Escape' || event.defaultPrevented) return;
      // A dialog (reveal, search) handles its own Escape.
      if (event.target instanceof Element && event.target.closest('[role="dialog"]')) return;
      event.preventDefault();
      store.getState().close();
    }
    document.addEventListener('keydown', onKeyDown, true);
    return () => document.removeEventListener('keydown', onKeyDown, true);
  }, [store]);

  if (!current) return null;
  return (
    <article className={`screen-pop phase-${current.phase}`} aria-labelledby="pop-title" data-pop-id={current.request.popId} data-found-in={current.foundIn ?? undefined} data-cases-deferred={current.snapshot && current.snapshot.cases === null ? 'true' : undefined}>
      <PopHeader session={current} headingRef={heading} />
      <ProblemAlert problem={current.problem} />
      {current.phase === 'ready' && current.snapshot && current.customerId && <CustomerPop session={current} snapshot={current.snapshot} customerId={current.customerId} />}
      {current.phase === 'choosing' && <CustomerChooser session={current} />}
      {current.phase === 'unknown' && <UnknownCaller session={current} />}
    </article>
  );
}

function PopHeader({ session, headingRef }: { session: PopSession; headingRef: React.RefObject<HTMLHeadingElement | null> }) {
  const store = useScreenPopStore();
  const { ui } = useServices();
  const { request, phase, snapshot, caseId } = session;
  const customer = phase === 'ready' ? snapshot?.customer.customer : undefined;
  const title =
    phase === 'looking_up'
      ? 'Looking up the contact…'
      : phase === 'choosing'
        ? 'Several customers match this contact'
        : phase === 'unknown'
          ? 'Unknown caller'
          : phase === 'failed'
            ? 'The contact could not be shown'
            : (customer?.fullName ?? 'Customer');
  const identifiers = request.intake ? describeIntakeIdentifiers(request.intake) : 'chosen from search';
  return (
    <header className="pop-head">
      <div className="pop-title-block">
        <p className="pop-kicker">
          <span className="badge channel">{channelLabel[request.channel]}</span> contact · {identifiers} · via {sourceLabel[request.source]}
        </p>
        <div className="pop-title-row">
          <h1 id="pop-title" ref={headingRef} tabIndex={-1}>
            {title}
          </h1>
          {customer && (
            <>
              <TierBadge tier={customer.tier} />
              <span className="badge segment">{segmentLabel[customer.segment]}</span>
            </>
          )}
        </div>
      </div>
      <HandleTimer since={request.receivedAt} />
      <div className="pop-head-actions">
        {caseId ? (
          <button
            type="button"
            onClick={() => {
              store.getState().close();
              ui.getState().openCase(caseId);
            }}
          >
            Open case <span className="mono">{caseId}</span>
          </button>
        ) : (
          phase !== 'choosing' && phase !== 'looking_up' && <span className="muted">{session.contactId ? 'Not linked to a case yet' : 'Recording the contact…'}</span>
        )}
        <button type="button" onClick={() => store.getState().close()} aria-keyshortcuts="Escape">
          Close <kbd>Esc</kbd>
        </button>
      </div>
    </header>
  );
}

/** A shared line: the agent says who is calling, then the pop continues as for one match. */
function CustomerChooser({ session }: { session: PopSession }) {
  const store = useScreenPopStore();
  return (
    <section className="panel chooser" aria-labelledby="chooser-title">
      <h2 id="chooser-title">Who is calling? Ask for their name, then choose</h2>
      <ul className="chooser-list">
        {session.candidates.map((candidate) => (
          <li key={candidate.id}>
            <button type="button" className="chooser-option" onClick={() => void store.getState().choose(candidate.id)}>
              <span className="chooser-name">{candidate.customer.fullName}</span> <TierBadge tier={candidate.customer.tier} />
              <span className="muted">
                {' '}
                {candidate.id} · customer since {candidate.customer.customerSince} · branch {candidate.customer.branchId} · phone {maskedPhone(candidate.customer.phoneLast4)} ·{' '}
                {candidate.accounts.length} {candidate.accounts.length === 1 ? 'account' : 'accounts'}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Nobody matches: the contact is kept on its own record until the agent links it to a customer or a case. */
function UnknownCaller({ session }: { session: PopSession }) {
  const store = useScreenPopStore();
  return (
    <>
      <section className="panel unknown-caller" aria-labelledby="unknown-title">
        <h2 id="unknown-title">No customer matches this contact</h2>
        <p>
          {session.contactId
            ? 'The contact is kept as an unknown caller. Once you know who it is, link it to their customer record; open a case below only if it needs one.'
            : 'Recording the contact…'}
        </p>
        <button type="button" className="primary" disabled={!session.contactId} onClick={() => store.getState().openSearch('link_unknown')}>
          Link to a customer…
        </button>
      </section>
      <ContactPlacement session={session} />
    </>
  );
}
