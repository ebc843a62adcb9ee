import { useServices, useSession } from '../context';

/** Shown once, right after the second factor is enrolled: the service keeps only their hashes. */
export function RecoveryCodesScreen() {
  const { session } = useServices();
  const codes = useSession((state) => state.recoveryCodes);
  return (
    <main className="login">
      <section className="login-card" aria-labelledby="recovery-title">
        <h1 id="recovery-title">Save your recovery codes</h1>
        <p>If you lose your authenticator app, each of these codes signs you in once instead of its 6-digit code. They are shown only now: write them down or store them in your password manager.</p>
        <ul aria-label="Recovery codes" className="recovery-codes">
          {codes.map((code) => (
            <li key={code}>
              <code>{code}</code>
            </li>
          ))}
        </ul>
        <button type="button" className="primary" autoFocus onClick={() => session.getState().recoveryCodesSaved()}>
          I have saved them
        </button>
      </section>
    </main>
  );
}
