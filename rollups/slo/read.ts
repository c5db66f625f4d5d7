import type { SloDefinition, SloStatus, SloStatusResponse } from '../../schemas/slo.ts';
import type { Store } from '../../store/client.ts';
import { latestCompleteVersion } from '../sla/engine/progress.ts';
import { evaluateSlo } from './evaluate.ts';
import { readWindowCounts, sliEvents, windowCountsQuery } from './sli/index.ts';
import { emptyCounts, SLO_WINDOW_SECONDS, type WindowCounts } from './windows.ts';

export type SloReport = Pick<SloStatusResponse, 'sla_policy_version' | 'slos'>;

/** One SLO's events counted into its SLO window and every burn window ending at `nowMs`. */
export async function readSloCounts(
  store: Store,
  tenant: string,
  slo: SloDefinition,
  nowMs: number,
  slaVersion: number | undefined,
): Promise<WindowCounts> {
  const fromMs = nowMs - SLO_WINDOW_SECONDS[slo.window] * 1000;
  const table = (name: string): string => store.table(name);
  const events = sliEvents(table, { tenant, nowMs, fromMs }, slo.sli, slaVersion);
  if (events === undefined) return emptyCounts();
  return readWindowCounts(store, windowCountsQuery(events, nowMs, slo.window));
}

/**
 * Every SLO of a tenant as of `nowMs`: one query each, then the pure
 * arithmetic of evaluate.ts. SLA attainment reads the newest completely
 * computed policy version, looked up only when an SLO needs it.
 */
export async function readSloStatus(
  store: Store,
  tenant: string,
  slos: readonly SloDefinition[],
  nowMs: number,
): Promise<SloReport> {
  const needsSla = slos.some((slo) => slo.sli.kind === 'sla_attainment');
  const slaVersion = needsSla ? await latestCompleteVersion(store, tenant) : undefined;
  const statuses: SloStatus[] = [];
  // One at a time: the embedded engine runs parameterised queries one by one anyway.
  for (const slo of slos) {
    statuses.push(evaluateSlo(slo, await readSloCounts(store, tenant, slo, nowMs, slaVersion)));
  }
  return { sla_policy_version: slaVersion ?? null, slos: statuses };
}
