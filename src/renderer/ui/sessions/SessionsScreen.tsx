import { useEffect, useId, useState } from 'react';
import { roleLabel, Role } from '../../../shared/domain/enums';
import type { ActiveSessionsResponse } from '../../../shared/sync/protocol';
import { ModalDialog } from '../../screenpop/ModalDialog';
import { useServices, useSession } from '../context';
import { formatInstant, plural } from '../format';
import { ProblemAlert } from '../ProblemAlert';
import { Screen } from '../Screen';

type Person = ActiveSessionsResponse['people'][number];

function describeRoleName(role: string): string {
  const parsed = Role.safeParse(role);
  return parsed.success ? roleLabel[parsed.data] : role;
}

/**
 * Supervisors (their team) and administrators (everyone): who is signed in where, and "End
 * sessions" for a person — after a confirmation, main asks the case service to end every sign-in
 * of theirs, and their desktops are sent to the sign-in screen on their next request.
 */
export function SessionsScreen() {
  const { bridge } = useServices();
  const timeZone = useSession((state) => state.agent?.timeZone ?? 'UTC');
  const [people, setPeople] = useState<Person[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<Person | null>(null);
  const [done, setDone] = useState('');

  // Asked again after each change (and on Refresh): the service's list is the truth, never a local guess.
  const [asked, setAsked] = useState(0);
  const load = () => setAsked((count) => count + 1);
  useEffect(() => {
    let current = true;
    void bridge.invoke('sessions.list', {}).then((result) => {
      if (!current) return;
      if (result.ok) {
        setPeople(result.value.people);
        setProblem(null);
      } else setProblem(`The sessions could not be loaded: ${result.error.message}`);
    });
    return () => {
      current = false;
    };
  }, [bridge, asked]);

  const signedIn = people?.filter((person) => person.sessions.length > 0).length ?? 0;
  return (
    <Screen
      className="sessions-screen"
      titleId="sessions-title"
      title="Sessions"
      count={people && plural(signedIn, 'person signed in', 'people signed in')}
      actions={
        <button type="button" onClick={load}>
          Refresh
        </button>
      }
    >
      <ProblemAlert problem={problem} />
      <p role="status" className="saved">
        {done}
      </p>
      {!people ? (
        !problem && <p role="status">Loading sessions…</p>
      ) : people.length === 0 ? (
        <p className="muted">Nobody whose sessions you may end.</p>
      ) : (
        <table className="sessions-table" aria-label="Sessions you may end">
          <thead>
            <tr>
              <th scope="col">Person</th>
              <th scope="col">Signed in on</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {people.map((person) => (
              <tr key={person.agentId}>
                <th scope="row">
                  {person.displayName}
                  <span className="muted">
                    {' '}
                    · {describeRoleName(person.role)} · {person.teamId}
                  </span>
                </th>
                <td>
                  {person.sessions.length === 0 ? (
                    <span className="muted">Not signed in</span>
                  ) : (
                    <ul className="session-list" aria-label={`Sign-ins of ${person.displayName}`}>
                      {person.sessions.map((session) => (
                        <li key={`${session.deviceId}-${session.signedInAt}`}>
                          <strong>{session.deviceId}</strong> — signed in {formatInstant(session.signedInAt, timeZone)}, last seen {formatInstant(session.lastSeenAt, timeZone)}
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
                <td>
                  {person.sessions.length > 0 && (
                    <button type="button" className="danger" onClick={() => setConfirming(person)} aria-label={`End sessions of ${person.displayName}`}>
                      End sessions
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {confirming && (
        <EndSessionsDialog
          person={confirming}
          onCancel={() => setConfirming(null)}
          onEnded={(message) => {
            setConfirming(null);
            setDone(message);
            load();
          }}
        />
      )}
    </Screen>
  );
}

function EndSessionsDialog({ person, onCancel, onEnded }: { person: Person; onCancel(): void; onEnded(message: string): void }) {
  const { bridge } = useServices();
  const titleId = useId();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  async function confirm() {
    setBusy(true);
    const result = await bridge.invoke('sessions.end', { agentId: person.agentId });
    setBusy(false);
    if (!result.ok) {
      setProblem(`The sessions were not ended: ${result.error.message}`);
      return;
    }
    onEnded(`Ended ${plural(result.value.ended, 'sign-in', 'sign-ins')} of ${person.displayName}.`);
  }

  return (
    <ModalDialog title={`End sessions of ${person.displayName}?`} titleId={titleId} onCancel={onCancel}>
      <p>
        {person.displayName} is signed in on {plural(person.sessions.length, 'desktop', 'desktops')}. Each is sent to the sign-in screen on its next request; work not yet synced stays on
        that desktop and syncs when they sign in again.
      </p>
      <ProblemAlert problem={problem} />
      <div className="modal-actions">
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="button" className="primary danger" disabled={busy} onClick={() => void confirm()}>
          {busy ? 'Ending…' : 'End sessions'}
        </button>
      </div>
    </ModalDialog>
  );
}
