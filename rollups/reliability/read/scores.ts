import type {
  ReliabilityGroupBy,
  ReliabilityScoreRow,
  ReliabilityScoresQuery,
  ReliabilityScoresResponse,
  ScoreEntity,
} from '../../../schemas/reliability.ts';
import type { Store } from '../../../store/client.ts';
import { scoreOf } from '../score.ts';
import { filtersOf, readReliabilityMetrics, type ReliabilityReadOptions } from './metrics.ts';
import { groupColumns, groupValues } from './sql.ts';

/** What each entity is grouped by: a device row also carries its current inventory. */
const ENTITY_GROUPS: Record<ScoreEntity, ReliabilityGroupBy[]> = {
  device: ['device', 'model', 'site', 'os_version'],
  model: ['model'],
  site: ['site'],
  os_version: ['os_version'],
  app: ['app'],
};

/** Worst first; unscored rows last; ties by name, so pages are stable. */
function compareScores(a: ReliabilityScoreRow, b: ReliabilityScoreRow): number {
  if (a.score !== b.score) {
    if (a.score === null) return 1;
    if (b.score === null) return -1;
    return a.score - b.score;
  }
  const left = JSON.stringify([a.device_id, a.model, a.site, a.os_version, a.app]);
  const right = JSON.stringify([b.device_id, b.model, b.site, b.os_version, b.app]);
  return left < right ? -1 : left > right ? 1 : 0;
}

/**
 * Scores 0–100 of each device, model, site, OS version or app over
 * [from, to): the window's metrics (interval none) through score.ts.
 */
export async function readReliabilityScores(
  store: Store,
  tenant: string,
  query: ReliabilityScoresQuery,
  nowMs: number,
  options: ReliabilityReadOptions = {},
): Promise<ReliabilityScoresResponse> {
  const groupBy = ENTITY_GROUPS[query.entity];
  const metrics = await readReliabilityMetrics(
    store,
    tenant,
    { from: query.from, to: query.to, interval: 'none', group_by: groupBy, ...filtersOf(query) },
    nowMs,
    options,
  );
  const columns = groupColumns(groupBy);
  const rows = metrics.rows.map((row) => ({
    ...groupValues(row, columns),
    ...scoreOf(query.entity, row),
  }));
  const { rows: _metrics, ...head } = metrics;
  return { ...head, rows: rows.sort(compareScores).slice(0, query.limit) };
}
