import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import { RELIABILITY_ROUTES } from '../../schemas/reliability.ts';
import type { Store } from '../../store/client.ts';
import {
  readDeviceTickets,
  readReliabilityMetrics,
  readReliabilityScores,
  readSilentDevices,
  type ReliabilityReadOptions,
} from '../../rollups/reliability/index.ts';
import { principalOf } from '../auth.ts';
import { parseQuery } from './query.ts';

export interface ReliabilityRouteDeps {
  store: Store;
  /** The clock freshness and the hourly rollup's horizon are measured from (ms); tests fix it. */
  now?: () => number;
  /** `retention.hourlyRollupDays`: how far back hour buckets can be read (0 = forever). */
  hourlyRollupDays: number;
}

type Read<Q, R> = (
  store: Store,
  tenant: string,
  query: Q,
  nowMs: number,
  options: ReliabilityReadOptions,
) => Promise<R>;

/** What a dashboard asks for without a range: the 30 days up to now. */
export const DEFAULT_RANGE_DAYS = 30;

/**
 * The query with `from`/`to` filled in where the caller left them out, so
 * `GET /v1/reliability/scores` alone answers for the last 30 days.
 */
function withDefaultRange(query: unknown, nowMs: number, rangeDefault: boolean): unknown {
  if (!rangeDefault || typeof query !== 'object' || query === null) return query;
  const to = new Date(nowMs);
  const from = new Date(nowMs - DEFAULT_RANGE_DAYS * 86_400_000);
  return { from: from.toISOString(), to: to.toISOString(), ...query };
}

function reliabilityRoute<Q, R>(
  app: FastifyInstance,
  deps: ReliabilityRouteDeps,
  spec: { path: string; query: z.ZodType<Q>; rangeDefault: boolean },
  read: Read<Q, R>,
): void {
  const now = deps.now ?? Date.now;
  const options: ReliabilityReadOptions = { hourlyRollupDays: deps.hourlyRollupDays };
  app.get(spec.path, { config: { scopes: ['query'] } }, async (request) => {
    const nowMs = now();
    const query = parseQuery(spec.query, withDefaultRange(request.query, nowMs, spec.rangeDefault));
    // The tenant always comes from the API key, never from the request.
    const { tenant } = principalOf(request);
    return read(deps.store, tenant, query, nowMs, options);
  });
}

/** `GET /v1/reliability/{metrics,scores,silent-devices,tickets}` (query scope). */
export function registerReliabilityRoutes(app: FastifyInstance, deps: ReliabilityRouteDeps): void {
  const routes = RELIABILITY_ROUTES;
  reliabilityRoute(app, deps, routes.metrics, readReliabilityMetrics);
  reliabilityRoute(app, deps, routes.scores, readReliabilityScores);
  reliabilityRoute(app, deps, routes.silentDevices, readSilentDevices);
  reliabilityRoute(app, deps, routes.tickets, readDeviceTickets);
}
