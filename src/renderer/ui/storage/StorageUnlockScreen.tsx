import { useId, useState, type FormEvent } from 'react';
import { useServices, useSession } from '../context';
import { ProblemAlert } from '../ProblemAlert';
import { Icon } from '../Icon';
import { LostWorkList } from './LostWorkList';

/**
 * The agent signed in, but their data on this desktop was locked with a password they have since
 * changed (elsewhere, or reset by an administrator). The previous password unlocks it; starting
 * afresh sets it aside — and says exactly which unsynced work stays behind.
 */
export function StorageUnlockScreen() {
  const { session } = useServices();
  const locked = useSession((state) => state.locked);
  const agent = useSession((state) => state.agent);
  const unlockError = useSession((state) => state.unlockError);
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const passwordId = useId();

  async function unlock(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    const opened = await session.getState().unlockStorage(password);
    setBusy(false);
    if (!opened) setPassword('');
  }

  async function startAfresh() {
    setBusy(true);
    await session.getState().startAfresh();
    setBusy(false);
  }

  return (
    <main className="login">
      <form className="login-card" onSubmit={unlock} aria-labelledby="unlock-title" noValidate>
        <h1 id="unlock-title">
          <Icon name="warning" /> Unlock your data on this desktop
        </h1>
        <p>{locked?.message}</p>
        <ProblemAlert problem={unlockError} />
        <label htmlFor={passwordId}>Previous password</label>
        <input id={passwordId} type="password" autoComplete="off" autoFocus value={password} onChange={(event) => setPassword(event.target.value)} aria-invalid={unlockError ? true : undefined} />
        <button type="submit" className="primary" disabled={busy}>
          Unlock
        </button>
        {!confirming ? (
          <button type="button" onClick={() => setConfirming(true)} disabled={busy}>
            Start afresh…
          </button>
        ) : (
          <section className="notice" aria-labelledby="afresh-title">
            <h2 id="afresh-title">Start afresh?</h2>
            <p>
              Everything already synced is fetched again from the case service.{' '}
              {locked && locked.unsynced.length > 0 ? 'These changes made on this desktop were never synced and would stay behind:' : 'Nothing unsynced would stay behind.'}
            </p>
            <LostWorkList lost={locked?.unsynced ?? []} label="Unsynced work that would stay behind" timeZone={agent?.timeZone ?? 'UTC'} />
            <button type="button" className="danger" onClick={() => void startAfresh()} disabled={busy}>
              Start afresh
            </button>
            <button type="button" onClick={() => setConfirming(false)} disabled={busy}>
              Cancel
            </button>
          </section>
        )}
        <button type="button" className="link" onClick={() => void session.getState().logout()}>
          Sign out
        </button>
      </form>
    </main>
  );
}
