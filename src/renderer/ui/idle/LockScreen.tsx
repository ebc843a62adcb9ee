import { useId, useState, type FormEvent } from 'react';
import { useServices, useSession } from '../context';
import { ProblemAlert } from '../ProblemAlert';
import { Icon } from '../Icon';

/** Over the (hidden) workspace while the idle lock holds: nothing of a customer shows until the agent proves it is them. */
export function LockScreen() {
  const { session } = useServices();
  const agent = useSession((state) => state.agent);
  const lock = useSession((state) => state.screenLock);
  const lockError = useSession((state) => state.lockError);
  const unlocking = useSession((state) => state.unlocking);
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const passwordId = useId();
  const codeId = useId();
  const minutes = lock ? Math.max(1, Math.round(lock.idleMs / 60_000)) : 5;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    await session.getState().unlockScreen(password, lock?.secondFactor ? code : undefined);
    setPassword('');
    setCode('');
  }

  return (
    <main className="login lock-screen">
      <form className="login-card" onSubmit={submit} aria-labelledby="lock-title" noValidate>
        <h1 id="lock-title">
          <Icon name="brand" className="brand-mark" /> Console locked
        </h1>
        <p className="login-subtitle">
          Locked after {lock && lock.idleMs < 60_000 ? `${Math.round(lock.idleMs / 1000)} seconds` : `${minutes} minute${minutes === 1 ? '' : 's'}`} without input; customer details are hidden.
          {agent ? ` ${agent.displayName}, enter your password to continue where you left off.` : ''}
        </p>
        <ProblemAlert problem={lockError} />
        <label htmlFor={passwordId}>Password</label>
        <input id={passwordId} type="password" autoComplete="current-password" autoFocus value={password} onChange={(event) => setPassword(event.target.value)} aria-invalid={lockError ? true : undefined} />
        {lock?.secondFactor && (
          <>
            <label htmlFor={codeId}>Authentication code</label>
            <input id={codeId} inputMode="numeric" autoComplete="one-time-code" value={code} onChange={(event) => setCode(event.target.value)} aria-invalid={lockError ? true : undefined} />
          </>
        )}
        <button type="submit" className="primary" disabled={unlocking}>
          {unlocking ? 'Checking…' : 'Unlock'}
        </button>
        <button type="button" className="link" onClick={() => void session.getState().logout()}>
          Sign out
        </button>
      </form>
    </main>
  );
}
