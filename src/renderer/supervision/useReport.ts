import { useCallback, useEffect, useState } from 'react';
import type { IpcRequest, IpcResponse } from '../../shared/ipc/contract';
import type { ReportChannel } from '../../shared/ipc/reportsContract';
import { useServices } from '../ui/context';

export type ReportState<C extends ReportChannel> =
  | { state: 'loading'; value: IpcResponse<C> | null }
  | { state: 'ready'; value: IpcResponse<C> }
  | { state: 'failed'; value: IpcResponse<C> | null; message: string };

type Answered<C extends ReportChannel> = { asked: string; value: IpcResponse<C> | null; message: string | null };

/**
 * Asks main for a report whenever the request changes (compared by value); the previous answer
 * stays on screen while the next loads, so a filter change does not blank the charts.
 */
export function useReport<C extends ReportChannel>(channel: C, request: IpcRequest<C> | null): ReportState<C> & { reload(): void } {
  const { bridge } = useServices();
  const [round, setRound] = useState(0);
  const key = request === null ? null : JSON.stringify(request);
  const asked = `${round}:${key}`;
  const [answered, setAnswered] = useState<Answered<C>>({ asked: '', value: null, message: null });

  useEffect(() => {
    if (key === null) return;
    let current = true;
    void bridge.invoke(channel, JSON.parse(key) as IpcRequest<C>).then((result) => {
      if (!current) return;
      setAnswered((previous) =>
        result.ok
          ? { asked, value: result.value, message: null }
          : { asked, value: previous.value, message: `${result.error.message}${result.error.hint ? ` ${result.error.hint}` : ''}` },
      );
    });
    return () => {
      current = false;
    };
  }, [bridge, channel, key, asked]);

  const reload = useCallback(() => setRound((n) => n + 1), []);
  if (answered.asked !== asked) return { state: 'loading', value: answered.value, reload };
  if (answered.message !== null) return { state: 'failed', value: answered.value, message: answered.message, reload };
  return answered.value ? { state: 'ready', value: answered.value, reload } : { state: 'loading', value: null, reload };
}
