import { useId, useState, type FormEvent } from 'react';
import { useServices, useSession } from './context';
import { ProblemAlert } from './ProblemAlert';
import { Icon } from './Icon';

export function LoginScreen() {
  const { session } = useServices();
  const signingIn = useSession((state) => state.signingIn);
  const loginError = useSession((state) => state.loginError);
  const endedReason = useSession((state) => state.endedReason);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const usernameId = useId();
  const passwordId = useId();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const signedIn = await session.getState().login(username, password);
    // Never keep a password around longer than the attempt that used it.
    if (!signedIn) setPassword('');
  }

  return (
    <main className="login">
      <form className="login-card" onSubmit={submit} aria-labelledby="login-title" noValidate>
        <h1 id="login-title">
          <Icon name="brand" className="brand-mark" />{' '}
          Agent Console
        </h1>
        <p className="login-subtitle">Sign in to see your queue.</p>
        {endedReason && !loginError && (
          <p className="notice" role="status">
            Your session ended: {endedReason}
          </p>
        )}
        <ProblemAlert problem={loginError} />
        <label htmlFor={usernameId}>User name</label>
        <input
          id={usernameId}
          name="username"
          autoComplete="username"
          autoFocus
          value={username}
          onChange={(event) => setUsername(event.target.value)}
          aria-invalid={loginError ? true : undefined}
        />
        <label htmlFor={passwordId}>Password</label>
        <input
          id={passwordId}
          name="password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(event) => setPassword(event.target.value)}
          aria-invalid={loginError ? true : undefined}
        />
        <button type="submit" className="primary" disabled={signingIn}>
          {signingIn ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
