import { useEffect, useState } from 'react';
import { describeNotification, type CustomerNotification, type DeliveryState } from '../../shared/notifications/deliveryLog';
import { useServices } from './context';
import { formatInstant } from './format';
import { Icon, type IconName } from './Icon';

/** How often the log is asked again while the case is on screen: deliveries happen on the service. */
const REFRESH_MS = 5_000;

const STATE_ICON: Record<DeliveryState, IconName> = { queued: 'pending', retrying: 'syncing', sent: 'met', failed: 'problem', not_configured: 'blocked' };

/**
 * "Customer notifications" on the case screen: what the customer was told at each status change
 * and whether it reached them, in words ("E-mail to j•••@example.com sent … — Resolved"). Read live
 * from the case service, which answers only those who may read the case, addresses masked.
 */
export function CustomerNotifications({ caseId, eventCount, timeZone }: { caseId: string; eventCount: number; timeZone: string }) {
  const { bridge } = useServices();
  const [answer, setAnswer] = useState<{ caseId: string; notifications: CustomerNotification[] } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = async () => {
      const result = await bridge.invoke('cases.notifications', { caseId });
      if (!current) return;
      if (result.ok) {
        setAnswer({ caseId, notifications: result.value.notifications });
        setProblem(null);
      } else setProblem(result.error.message);
      timer = setTimeout(() => void load(), REFRESH_MS);
    };
    void load();
    return () => {
      current = false;
      clearTimeout(timer);
    };
    // eventCount: a change on the case (a resolution, say) is asked about at once, not after the interval.
  }, [bridge, caseId, eventCount]);

  const notifications = answer?.caseId === caseId ? answer.notifications : null;
  return (
    <section className="panel customer-notifications" aria-labelledby="customer-notifications-title">
      <h2 id="customer-notifications-title">Customer notifications</h2>
      {problem && (
        <p className="muted" role="status">
          <Icon name="offline" /> Cannot load the customer notifications right now: {problem}
        </p>
      )}
      {notifications === null ? (
        !problem && <p className="muted">Loading…</p>
      ) : notifications.length === 0 ? (
        <p className="muted">The customer has not been sent anything about this case yet.</p>
      ) : (
        <ul className="notification-list" aria-label="Customer notifications">
          {notifications.map((notification) => (
            <li key={notification.id} className={`notification-item state-${notification.state}`}>
              <Icon name={STATE_ICON[notification.state]} /> {describeNotification(notification, (iso) => formatInstant(iso, timeZone))}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
