import type { SlaClock } from '../../../schemas/sla-clock.ts';
import type { SlaMetric } from '../../../schemas/sla-policy.ts';
import type { BusinessCalendar } from '../calendar.ts';

/** A row of `sla_clocks` as the reader selects it (instants as unix seconds). */
export interface ClockRow {
  metric: SlaMetric;
  cycle: number;
  state: SlaClock['state'];
  started_s: number;
  stopped_s: number | null;
  elapsed_business_s: number;
  paused_business_s: number;
  target_s: number | null;
  breach_s: number | null;
  warn_s: number | null;
  breached: number;
  rule_id: string;
  calendar_id: string;
  open_since_s: number | null;
  policy_version: number;
}

/** The columns of `ClockRow`, for a SELECT over sla_clocks. */
export const CLOCK_ROW_SELECT = `metric, cycle, state,
  toUnixTimestamp(started_at) AS started_s,
  toUnixTimestamp(stopped_at) AS stopped_s,
  elapsed_business_s, paused_business_s, target_s,
  toUnixTimestamp(breach_at) AS breach_s,
  toUnixTimestamp(warn_at) AS warn_s,
  breached, rule_id, calendar_id,
  toUnixTimestamp(open_since) AS open_since_s,
  policy_version`;

const iso = (seconds: number): string =>
  new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
const isoOrNull = (seconds: number | null): string | null =>
  seconds === null ? null : iso(seconds);

/**
 * A stored clock as of `nowMs` (docs/sla.md §6): the open segment of a
 * running or paused clock is counted up to now with its calendar, and the
 * clock is breached once now is past its breach instant.
 */
export function clockAt(
  row: ClockRow,
  nowMs: number,
  calendar: BusinessCalendar | undefined,
): SlaClock {
  // An open clock is never evaluated before its last event (a `now` behind the data).
  const nowS = Math.max(Math.floor(nowMs / 1000), row.open_since_s ?? 0);
  let elapsed = row.elapsed_business_s;
  let paused = row.paused_business_s;
  let breached = row.breached === 1;
  if (row.open_since_s !== null) {
    const openS =
      calendar === undefined || nowS <= row.open_since_s
        ? 0
        : Math.round(calendar.businessSeconds(row.open_since_s * 1000, nowS * 1000));
    if (row.state === 'running') elapsed += openS;
    else paused += openS;
    breached = row.breach_s !== null && nowS > row.breach_s;
  }
  const endS = row.stopped_s ?? nowS;
  return {
    metric: row.metric,
    cycle: row.cycle,
    state: row.state,
    started_at: iso(row.started_s),
    stopped_at: isoOrNull(row.stopped_s),
    elapsed_business_s: elapsed,
    elapsed_wall_s: Math.max(0, endS - row.started_s),
    paused_business_s: paused,
    target_s: row.target_s,
    breach_at: isoOrNull(row.breach_s),
    warn_at: isoOrNull(row.warn_s),
    breached,
    policy_version: row.policy_version,
    rule_id: row.rule_id,
    calendar_id: row.calendar_id,
  };
}
