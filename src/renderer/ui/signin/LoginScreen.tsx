import { useId, useState, type FormEvent } from 'react';
import { useServices, useSession } from '../context';
import { ProblemAlert } from '../ProblemAlert';
import { Icon } from '../Icon';
import { TotpQrCode } from './TotpQrCode';

export function LoginScreen() {
  const { session } = useServices();
  const signingIn = useSession((state) => state.signingIn);
  const loginError = useSession((state) => state.loginError);
  const endedReason = useSession((state) => state.endedReason);
  const mfa = useSession((state) => state.mfa);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const usernameId = useId();
  const passwordId = useId();
  const codeId = useId();
  const secretId = useId();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const signedIn = await session.getState().login(username, password, mfa ? code : undefined);
    setCode('');
    // Never keep a password around longer than the sign-in that needs it (the second step sends it again).
    if (!signedIn && !session.getState().mfa) setPassword('');
  }

  function startOver() {
    session.getState().cancelMfa();
    setPassword('');
    setCode('');
  }

  return (
    <main className="login">
      <form className="login-card" onSubmit={submit} aria-labelledby="login-title" noValidate>
        <h1 id="login-title">
          <Icon name="brand" className="brand-mark" /> Agent Console
        </h1>
        {endedReason && !loginError && !mfa && (
          <p className="notice" role="status">
            {endedReason}
          </p>
        )}
        <ProblemAlert problem={loginError} />
        {!mfa ? (
          <>
            <p className="login-subtitle">Sign in to see your queue.</p>
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
          </>
        ) : (
          <>
            {mfa.step === 'enrol' ? (
              <section aria-labelledby={`${secretId}-title`} className="mfa-enrol">
                <h2 id={`${secretId}-title`}>Set up your second factor</h2>
                <p>Scan this code with an authenticator app (Microsoft Authenticator, Google Authenticator, 1Password…), then enter the 6-digit code it shows.</p>
                <TotpQrCode uri={mfa.otpauthUri} />
                <p>
                  Cannot scan? Enter this key in the app: <code id={secretId} aria-label="Setup key">{mfa.secret}</code>
                </p>
              </section>
            ) : (
              <p className="login-subtitle">
                Signing in as <strong>{username}</strong>: enter the 6-digit code from your authenticator app, or a recovery code.
              </p>
            )}
            <label htmlFor={codeId}>Authentication code</label>
            <input
              id={codeId}
              name="otp"
              inputMode="numeric"
              autoComplete="one-time-code"
              autoFocus
              value={code}
              onChange={(event) => setCode(event.target.value)}
              aria-invalid={loginError ? true : undefined}
            />
            <button type="submit" className="primary" disabled={signingIn}>
              {signingIn ? 'Checking…' : 'Verify'}
            </button>
            <button type="button" className="link" onClick={startOver}>
              Use another account
            </button>
          </>
        )}
      </form>
    </main>
  );
}
