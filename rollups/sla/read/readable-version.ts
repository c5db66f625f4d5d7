import { DeskpulseError } from '../../../schemas/errors.ts';
import type { Store } from '../../../store/client.ts';
import { latestCompleteVersion, readProgress } from '../engine/progress.ts';

/**
 * The version a read uses: the one asked for, or the newest the engine has
 * completely computed. A version still being computed would give partial
 * numbers, so it is refused like one that does not exist. Shared by the
 * `GET /v1/sla/*` routes and the named queries (`POST /v1/query`).
 */
export async function readableVersion(
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
