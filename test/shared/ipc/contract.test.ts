import { describe, expect, it } from 'vitest';
import { IPC_CHANNELS, ipcContract, parseIpcRequest } from '../../../src/shared/ipc/contract';

describe('IPC contract', () => {
  it('every channel has a request and a response schema', () => {
    for (const channel of IPC_CHANNELS) {
      expect(ipcContract[channel].request).toBeDefined();
      expect(ipcContract[channel].response).toBeDefined();
    }
  });

  it('refuses unknown channels, including prototype keys', () => {
    for (const channel of ['nope', '__proto__', 'constructor', 'toString']) {
      const result = parseIpcRequest(channel, {});
      expect(result).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
    }
  });

  it('refuses extra fields a hostile renderer might smuggle in', () => {
    const result = parseIpcRequest('events.append', {
      id: '3f0c1f8e-8a4b-4c62-9d7e-2b1a1f0b9c11',
      caseId: 'CASE-1',
      type: 'note.added',
      payload: { text: 'hi' },
      actorId: 'someone-else',
    });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toMatch(/Invalid events\.append request/);
  });

  it('accepts a valid note draft and a login', () => {
    expect(parseIpcRequest('events.append', { id: '3f0c1f8e-8a4b-4c62-9d7e-2b1a1f0b9c11', caseId: 'CASE-1', type: 'note.added', payload: { text: 'hi' } }).ok).toBe(true);
    expect(parseIpcRequest('session.login', { username: 'agent', password: 'x' }).ok).toBe(true);
  });

  it('explains a missing password', () => {
    const result = parseIpcRequest('session.login', { username: 'agent', password: '' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toMatch(/Enter your password/);
  });
});
