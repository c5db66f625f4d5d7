import { instantRangeSql, rangeParams, type SliRange, type SqlQuery } from './window-counts.ts';

/*
 * clean_shutdowns: one event per reported shutdown that says whether it was
 * clean, at the shutdown's instant; good when clean. Shutdowns without the
 * flag are not counted, and OS crashes are not shutdowns here (the
 * crash-free SLI covers them).
 */
export function cleanShutdownEvents(table: (name: string) => string, range: SliRange): SqlQuery {
  return {
    sql: `SELECT toUnixTimestamp64Milli(at) AS event_ms, toUInt8(assumeNotNull(clean)) AS good
FROM ${table('device_power')} FINAL
WHERE tenant = {tenant:String} AND kind = 'shutdown' AND ${instantRangeSql('at')}
  AND clean IS NOT NULL`,
    params: rangeParams(range),
  };
}
