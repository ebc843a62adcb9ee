import type { FastifyInstance } from 'fastify';

export interface RouteEntry {
  method: string;
  /** As registered, with parameters: /v1/customers/:customerId/reveal */
  url: string;
}

const tables = new WeakMap<FastifyInstance, RouteEntry[]>();

/**
 * Records every route registered on `app` from now on, so tools that must cover every route (the
 * fuzz suite, the policy's "every route is guarded" checks) enumerate them instead of keeping a
 * list that goes stale. Call before registering routes.
 */
export function trackRoutes(app: FastifyInstance): void {
  const table: RouteEntry[] = [];
  tables.set(app, table);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) table.push({ method, url: route.url ?? route.path });
  });
}

/** The routes registered on `app` since trackRoutes (HEAD twins of GET routes included). */
export function routeTable(app: FastifyInstance): readonly RouteEntry[] {
  const table = tables.get(app);
  if (!table) throw new Error('routeTable: trackRoutes(app) was not called before the routes were registered');
  return table;
}
