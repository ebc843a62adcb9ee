import { useEffect, useState } from 'react';
import type { StorageNotice } from '../../../shared/ipc/contract';
import { useServices, useSession } from '../context';
import { Icon } from '../Icon';
import { LostWorkList } from './LostWorkList';

/**
 * What happened to this desktop's storage (damage salvaged, a key file restored, a key lost),
 * shown until the agent dismisses it: how many unsynced events could not be read, and which.
 */
export function StorageNotices() {
  const { bridge } = useServices();
  const timeZone = useSession((state) => state.agent?.timeZone ?? 'UTC');
  const [notices, setNotices] = useState<StorageNotice[]>([]);

  useEffect(() => {
    let live = true;
    const stop = bridge.on('storage.noticesChanged', (payload) => setNotices(payload.notices));
    void bridge.invoke('storage.notices', {}).then((result) => {
      if (live && result.ok) setNotices(result.value.notices);
    });
    return () => {
      live = false;
      stop();
    };
  }, [bridge]);

  if (notices.length === 0) return null;
  return (
    <section className="storage-notices" aria-label="Local storage notices">
      {notices.map((notice) => (
        <div key={notice.id} className="alert storage-notice" role="alert" aria-labelledby={`notice-${notice.id}`}>
          <h2 id={`notice-${notice.id}`}>
            <Icon name="warning" /> {notice.title}
          </h2>
          <p>{notice.message}</p>
          <LostWorkList lost={notice.lost} label="Unsynced work that could not be recovered" timeZone={timeZone} />
          <button type="button" onClick={() => void bridge.invoke('storage.dismissNotice', { id: notice.id })}>
            Dismiss
          </button>
        </div>
      ))}
    </section>
  );
}
