import Fastify from 'fastify';

export interface ReceivedWebhook {
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

/** A local receiver on 127.0.0.1 that keeps the raw bodies and answers with the scripted statuses (then 200). */
export async function startReceiver(): Promise<{ url: string; received: ReceivedWebhook[]; answerNext(...statuses: number[]): void; close(): Promise<void> }> {
  const app = Fastify();
  const received: ReceivedWebhook[] = [];
  const script: number[] = [];
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => done(null, body));
  app.post('/hook', async (request, reply) => {
    received.push({ body: request.body as string, headers: request.headers });
    return reply.code(script.shift() ?? 200).send({ ok: true });
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('receiver is not on TCP');
  return {
    url: `http://127.0.0.1:${address.port}/hook`,
    received,
    answerNext: (...statuses) => script.push(...statuses),
    close: () => app.close(),
  };
}
