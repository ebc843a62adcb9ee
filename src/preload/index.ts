import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { ConsoleBridge, IpcEventPayload, IpcResult } from '../shared/ipc/contract';
import { eventChannelName, invokeChannelName, isElectronIpcChannel, isElectronIpcEvent } from '../shared/ipc/electronIpc';

/**
 * Exposes exactly the typed contract as `window.agentConsole`, nothing else: no ipcRenderer,
 * no Node. Listeners get the payload only, never the IpcRendererEvent (which would hand the
 * page a way back to raw IPC). Main validates every request again; this side only refuses
 * names outside the contract early.
 */
const agentConsole = {
  invoke(channel, request) {
    if (!isElectronIpcChannel(channel)) {
      const refused: IpcResult<never> = { ok: false, error: { code: 'unknown_channel', message: `No such request: ${String(channel).slice(0, 64)}` } };
      return Promise.resolve(refused);
    }
    return ipcRenderer.invoke(invokeChannelName(channel), request);
  },
  on(event, listener) {
    if (!isElectronIpcEvent(event)) return () => undefined;
    const name = eventChannelName(event);
    const forward = (_event: IpcRendererEvent, payload: unknown) => listener(payload as IpcEventPayload<typeof event>);
    ipcRenderer.on(name, forward);
    return () => {
      ipcRenderer.removeListener(name, forward);
    };
  },
} satisfies ConsoleBridge;

contextBridge.exposeInMainWorld('agentConsole', agentConsole);
