import { useEffect, useState } from 'react';

/** mm:ss (h:mm:ss past an hour) since the contact arrived: the handle-time clock. */
export function formatHandleTime(elapsedMs: number): string {
  const total = Math.max(0, Math.floor(elapsedMs / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const mm = String(minutes).padStart(2, '0');
  const ss = String(seconds).padStart(2, '0');
  return hours > 0 ? `${hours}:${mm}:${ss}` : `${mm}:${ss}`;
}

export function HandleTimer({ since }: { since: string }) {
  const start = Date.parse(since);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return (
    <p className="handle-timer">
      <span className="handle-timer-label">Handle time</span>{' '}
      <span className="handle-timer-value mono" role="timer" aria-label="Handle time">
        {formatHandleTime(now - start)}
      </span>
    </p>
  );
}
