import type { SloSli } from '../../../schemas/slo.ts';
import { rangeParams, type SliRange, type SqlQuery } from './window-counts.ts';

type SlaAttainmentSli = Extract<SloSli, { kind: 'sla_attainment' }>;

/*
 * sla_attainment: one event per stopped SLA clock of the metric that has a
 * target, at its stop instant (`stopped_at`); good when met, bad when
 * breached. Cancelled clocks (a response clock closed by a solve before any
 * breach) and clocks without a target are not events. Clocks are read under
 * one policy version, the newest the engine has completely computed;
 * FINAL and sign = 1 leave each clock's current row only.
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
  return {
    sql: `SELECT toInt64(toUnixTimestamp(assumeNotNull(stopped_at))) * 1000 AS event_ms,
  toUInt8(state = 'met') AS good
FROM ${table('sla_clocks')} FINAL
WHERE tenant = {tenant:String} AND policy_version = {version:UInt32} AND sign = 1
  AND metric = {metric:String} AND state IN ('met', 'breached') AND target_s IS NOT NULL
  AND stopped_at > toDateTime(intDiv({from_ms:Int64}, 1000), 'UTC')
  AND stopped_at <= toDateTime(intDiv({now_ms:Int64}, 1000), 'UTC')${filters}`,
    params: {
      ...rangeParams(range),
      version: policyVersion,
      metric: sli.metric,
      ...(sli.priority === undefined ? {} : { priority: sli.priority }),
      ...(sli.queue === undefined ? {} : { queue: sli.queue }),
    },
  };
}
