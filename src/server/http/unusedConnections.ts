import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';

/**
 * On close, Fastify stops listening, closes idle keep-alive connections and waits for the rest.
 * A connection a client opened but never sent a byte on (an HTTP client's spare, typically next to
 * a long-lived stream such as live push) counts as busy for Node until its header timeout, so
 * closing would wait a minute for nothing. Those hold no request by definition: end them too.
 */
export function closeUnusedConnectionsOnClose(app: FastifyInstance): void {
  const open = new Set<Socket>();
  app.server.on('connection', (socket: Socket) => {
    open.add(socket);
    socket.once('close', () => open.delete(socket));
  });
  app.addHook('preClose', async () => {
    for (const socket of open) if (socket.bytesRead === 0) socket.destroy();
  });
}
