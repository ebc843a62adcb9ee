import type { Agent } from '../../../src/shared/domain/agent';
import type { IpcRequest, IpcResponse, IpcResult } from '../../../src/shared/ipc/contract';
import { reportChannels, type ReportChannel } from '../../../src/shared/ipc/reportsContract';
import { IpcError } from '../../../src/main/services/ipc/ipcError';
import { createReportHandlers } from '../../../src/main/services/reports/reportHandlers';

type Answer<C extends ReportChannel> = (request: IpcRequest<C>) => IpcResponse<C>;

/**
 * main's report and QA channels for the in-memory bridge: main's real handlers (so a role without
 * the right is refused as main refuses it), with the case service replaced by answers a test sets.
 * Every answer is checked against the contract's response schema, as the real client checks the service's.
 */
export class ReportsFake {
  readonly asked: { channel: ReportChannel; request: unknown }[] = [];
  private readonly answers = new Map<ReportChannel, (request: unknown) => unknown>();

  answer<C extends ReportChannel>(channel: C, answer: Answer<C>): void {
    this.answers.set(channel, answer as (request: unknown) => unknown);
  }

  async handle(channel: ReportChannel, request: unknown, agent: Agent | null): Promise<IpcResult<unknown>> {
    const handlers = createReportHandlers({
      client: {
        ask: async (_token, asked, body) => {
          this.asked.push({ channel: asked, request: body });
          const answer = this.answers.get(asked);
          if (!answer) throw new IpcError('not_found', `No answer set for ${asked}.`);
          return reportChannels[asked].response.parse(answer(body)) as never;
        },
      },
      requireSession: () => {
        if (!agent) throw new IpcError('not_signed_in', 'Sign in first.');
        return { token: 'token', agent, expiresAt: '2099-01-01T00:00:00.000Z', refreshToken: 'refresh', refreshExpiresAt: '2099-01-01T00:00:00.000Z', authenticatedAt: '2026-01-01T00:00:00.000Z' };
      },
      serviceFailure: async (error) => (error instanceof IpcError ? error : new IpcError('internal_error', String(error))),
    });
    try {
      return { ok: true, value: await (handlers[channel] as (request: unknown) => Promise<unknown>)(request) };
    } catch (error) {
      if (error instanceof IpcError) return { ok: false, error: error.toFailure() };
      throw error;
    }
  }
}
