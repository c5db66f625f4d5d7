import type { SloSli } from '../../../schemas/slo.ts';
import { rangeParams, type SliRange, type SqlQuery } from './window-counts.ts';

type SlaAttainmentSli = Extract<SloSli, { kind: 'sla_attainment' }>;

/*
 * sla_attainment: one event per SLA clock of the metric that has a target and
 * a verdict. A met clock is good at its stop instant. A breached clock is bad
 * at its breach instant, whether it has stopped since or is still running: an
 * SLO over attainment must burn while the ticket is late, not once someone
 * finally answers it (docs/sla.md §5: open clocks breach when now > breach_at).
 * Cancelled clocks and clocks without a target are not events. Clocks are
 * read under one policy version, the newest the engine has completely
 * computed; FINAL and sign = 1 leave each clock's current row only.
 */
export function slaAttainmentEvents(
  table: (name: string) => string,
  range: SliRange,
  sli: SlaAttainmentSli,
  policyVersion: number,
): SqlQuery {
  const filters = [
    sli.priority === undefined ? '' : ' AND priority IN {priority:Array(String)}',
    sli.queue === undefined ? '' : ' AND queue IN {queue:Array(String)}',
  ].join('');
  const from = `toDateTime(intDiv({from_ms:Int64}, 1000), 'UTC')`;
  const now = `toDateTime(intDiv({now_ms:Int64}, 1000), 'UTC')`;
  return {
    sql: `SELECT toInt64(toUnixTimestamp(assumeNotNull(if(good = 1, stopped_at, breach_at)))) * 1000 AS event_ms,
  good
FROM (
  SELECT stopped_at, breach_at, toUInt8(state = 'met') AS good
  FROM ${table('sla_clocks')} FINAL
  WHERE tenant = {tenant:String} AND policy_version = {version:UInt32} AND sign = 1
    AND metric = {metric:String} AND target_s IS NOT NULL${filters}
    AND (
      (state = 'met' AND stopped_at > ${from} AND stopped_at <= ${now})
      OR (state IN ('breached', 'running', 'paused') AND breach_at IS NOT NULL
          AND breach_at > ${from} AND breach_at < ${now})
    )
)`,
    params: {
      ...rangeParams(range),
      version: policyVersion,
      metric: sli.metric,
      ...(sli.priority === undefined ? {} : { priority: sli.priority }),
      ...(sli.queue === undefined ? {} : { queue: sli.queue }),
    },
  };
}
