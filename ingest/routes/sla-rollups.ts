import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import { DeskpulseError } from '../../schemas/errors.ts';
import { SLA_ROLLUP_ROUTES, type RollupResponse } from '../../schemas/sla-rollups.ts';
import type { Store } from '../../store/client.ts';
import { latestCompleteVersion, readProgress } from '../../rollups/sla/engine/progress.ts';
import {
  readAtRisk,
  readAttainment,
  readBacklog,
  readLive,
  readSatisfaction,
} from '../../rollups/sla/read/rollups.ts';
import { isoOf } from '../../rollups/sla/read/rollup-sql.ts';
import { principalOf } from '../auth.ts';
import { parseQuery } from './query.ts';

export interface SlaRollupDeps {
  store: Store;
  /** The clock open clocks and ages are evaluated against (ms); tests fix it. */
  now?: () => number;
}

type Read<Q, Row> = (
  store: Store,
  tenant: string,
  version: number,
  query: Q,
  nowMs: number,
) => Promise<Row[]>;

/**
 * The version a read uses: the one asked for, or the newest the engine has
 * completely computed. A version still being computed would give partial
 * numbers, so it is refused like one that does not exist.
 */
async function readableVersion(
  store: Store,
  tenant: string,
  requested: number | undefined,
): Promise<number> {
  if (requested === undefined) {
    const latest = await latestCompleteVersion(store, tenant);
    if (latest !== undefined) return latest;
    throw new DeskpulseError(
      'SLA_NOT_READY',
      'no SLA figures are computed for this tenant yet: it needs a policy (PUT /v1/policies), then the engine’s first run',
    );
  }
  const progress = await readProgress(store, tenant, requested);
  if (progress?.complete === true) return requested;
  throw new DeskpulseError(
    'SLA_NOT_READY',
    `policy version ${requested} has no completely computed SLA figures for this tenant`,
    { version: requested },
  );
}

function rollupRoute<Q extends { version?: number | undefined }, Row>(
  app: FastifyInstance,
  deps: SlaRollupDeps,
  spec: { path: string; query: z.ZodType<Q> },
  read: Read<Q, Row>,
): void {
  const now = deps.now ?? Date.now;
  app.get(spec.path, { config: { scopes: ['query'] } }, async (request) => {
    const query = parseQuery(spec.query, request.query);
    // The tenant always comes from the API key, never from the request.
    const { tenant } = principalOf(request);
    const version = await readableVersion(deps.store, tenant, query.version);
    const nowMs = now();
    const rows = await read(deps.store, tenant, version, query, nowMs);
    const response: RollupResponse<Row> = {
      tenant,
      policy_version: version,
      // To the second, like every instant the clocks hold.
      as_of: isoOf(Math.floor(nowMs / 1000)),
      rows,
    };
    return response;
  });
}

/** `GET /v1/sla/{attainment,live,at-risk,backlog,satisfaction}` (query scope). */
export function registerSlaRollupRoutes(app: FastifyInstance, deps: SlaRollupDeps): void {
  const routes = SLA_ROLLUP_ROUTES;
  rollupRoute(app, deps, routes.attainment, readAttainment);
  rollupRoute(app, deps, routes.live, readLive);
  rollupRoute(app, deps, routes.atRisk, readAtRisk);
  rollupRoute(app, deps, routes.backlog, readBacklog);
  rollupRoute(app, deps, routes.satisfaction, readSatisfaction);
}
