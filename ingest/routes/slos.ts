import type { FastifyInstance } from 'fastify';
import { DeskpulseError } from '../../schemas/errors.ts';
import { SLO_ROUTES, type SloStatusResponse, type StoredSlos } from '../../schemas/slo.ts';
import type { Store } from '../../store/client.ts';
import type { SloStore } from '../../store/slos.ts';
import { isoOf } from '../../rollups/sla/read/rollup-sql.ts';
import { readSloStatus } from '../../rollups/slo/index.ts';
import { principalOf } from '../auth.ts';
import { parseQuery } from './query.ts';

export interface SloRouteDeps {
  store: Store;
  /** Shared with the policy routes, which save the `slos:` section of a PUT. */
  slos: SloStore;
  /** The instant every window ends at (ms); tests fix it. */
  now?: () => number;
}

/** The SLOs a request asks for: all, or the named ones (each of which must exist). */
function selected(stored: StoredSlos | undefined, names: string[] | undefined) {
  const all = stored?.slos ?? [];
  if (names === undefined) return all;
  const missing = names.filter((name) => !all.some((slo) => slo.name === name));
  if (missing.length > 0) {
    throw new DeskpulseError(
      'NOT_FOUND',
      `no SLO named ${missing.map((name) => JSON.stringify(name)).join(', ')}: define it under slos in the policy (PUT /v1/policies)`,
    );
  }
  return all.filter((slo) => names.includes(slo.name));
}

/** `GET /v1/slos` (query scope): every SLO's SLI, error budget, burn rates and alerts now. */
export function registerSloRoutes(app: FastifyInstance, deps: SloRouteDeps): void {
  const { slos } = deps;
  const now = deps.now ?? Date.now;
  app.get(SLO_ROUTES.status.path, { config: { scopes: ['query'] } }, async (request) => {
    const names = parseQuery(SLO_ROUTES.status.query, request.query).name;
    // The tenant always comes from the API key, never from the request.
    const { tenant } = principalOf(request);
    const stored = await slos.active(tenant);
    const wanted = selected(stored, names);
    // Whole seconds, like the SLA clocks' instants, so as_of is the exact end of every window.
    const nowS = Math.floor(now() / 1000);
    const report = await readSloStatus(deps.store, tenant, wanted, nowS * 1000);
    const response: SloStatusResponse = {
      tenant,
      as_of: isoOf(nowS),
      slo_version: stored?.version ?? null,
      ...report,
    };
    return response;
  });
}
