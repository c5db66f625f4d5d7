import type { DataFrame, Field } from '@grafana/data';

import {
  findField,
  frameLength,
  numberColumn,
  pickFrame,
  textColumn,
  timeColumn,
} from '../shared/frames';

export const BREACH_RISK_QUERY = 'sla.breach_risk';
const REQUIRED_FIELDS = ['ticket_id', 'breach_at'] as const;

/** breached: past breach_at; warning: past warn_at; soon: under the "soon" threshold. */
export type Urgency = 'breached' | 'warning' | 'soon' | 'ok' | 'paused' | 'unknown';

export interface Clock {
  key: string;
  ticketId: string;
  metric: string;
  cycle: number | null;
  state: string;
  priority: string;
  queue: string;
  ruleId: string;
  /** Epoch ms the clock breaches at while it runs; null when the data says neither. */
  deadline: number | null;
  warnAt: number | null;
  paused: boolean;
  /** Time left (ms) a paused clock keeps showing. */
  pausedLeftMs: number | null;
  probability: number | null;
}

export interface ClockList {
  clocks: Clock[];
  /** The breach_probability field, present when any row has a value. */
  probabilityField: Field | undefined;
}

/** Milliseconds left at `nowMs`; paused clocks do not move. */
export function leftMs(clock: Clock, nowMs: number): number | null {
  if (clock.paused) return clock.pausedLeftMs;
  return clock.deadline === null ? null : clock.deadline - nowMs;
}

/** Whole seconds left, rounded up so a clock reads 00:00:00 only at breach. */
export function secondsLeft(clock: Clock, nowMs: number): number | null {
  const ms = leftMs(clock, nowMs);
  if (ms === null) return null;
  const seconds = Math.ceil(ms / 1000);
  return seconds === 0 ? 0 : seconds;
}

export function urgencyAt(clock: Clock, nowMs: number, soonMs: number): Urgency {
  if (clock.paused) return 'paused';
  const ms = leftMs(clock, nowMs);
  if (ms === null) return 'unknown';
  if (ms <= 0) return 'breached';
  if (clock.warnAt !== null && nowMs >= clock.warnAt) return 'warning';
  return ms <= soonMs ? 'soon' : 'ok';
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

/** `1d 02:03:04`, `00:05:00`, `-00:00:07` (overdue). */
export function formatCountdown(seconds: number): string {
  const sign = seconds < 0 ? '-' : '';
  const total = Math.abs(Math.trunc(seconds));
  const days = Math.floor(total / 86_400);
  const hours = Math.floor((total % 86_400) / 3_600);
  const minutes = Math.floor((total % 3_600) / 60);
  const rest = total % 60;
  const clock = `${pad(hours)}:${pad(minutes)}:${pad(rest)}`;
  return `${sign}${days > 0 ? `${days}d ` : ''}${clock}`;
}

function compareClocks(receivedAtMs: number) {
  return (a: Clock, b: Clock): number => {
    const left = leftMs(a, receivedAtMs);
    const right = leftMs(b, receivedAtMs);
    if (left !== right) {
      if (left === null) return 1;
      if (right === null) return -1;
      return left - right;
    }
    return a.ticketId.localeCompare(b.ticketId) || a.key.localeCompare(b.key);
  };
}

function clockColumns(frame: DataFrame) {
  return {
    ticket: textColumn(frame, 'ticket_id'),
    metric: textColumn(frame, 'metric'),
    cycle: numberColumn(frame, 'cycle'),
    state: textColumn(frame, 'state'),
    priority: textColumn(frame, 'priority'),
    queue: textColumn(frame, 'queue'),
    rule: textColumn(frame, 'rule_id'),
    breachAt: timeColumn(frame, 'breach_at'),
    warnAt: timeColumn(frame, 'warn_at'),
    seconds: numberColumn(frame, 'seconds_left'),
    probability: numberColumn(frame, 'breach_probability'),
  };
}

function clockAt(columns: ReturnType<typeof clockColumns>, i: number, receivedAtMs: number): Clock {
  const given = columns.seconds(i);
  const at = columns.breachAt(i);
  const state = columns.state(i) ?? 'running';
  const ticketId = columns.ticket(i) ?? '';
  const metric = columns.metric(i) ?? '';
  const cycle = columns.cycle(i);
  return {
    // The row index keeps keys unique even if the data repeats a clock.
    key: `${ticketId}|${metric}|${cycle ?? ''}|${i}`,
    ticketId,
    metric,
    cycle,
    state,
    priority: columns.priority(i) ?? '',
    queue: columns.queue(i) ?? '',
    ruleId: columns.rule(i) ?? '',
    deadline: at ?? (given === null ? null : receivedAtMs + given * 1000),
    warnAt: columns.warnAt(i),
    paused: state === 'paused',
    pausedLeftMs: given !== null ? given * 1000 : at === null ? null : at - receivedAtMs,
    probability: columns.probability(i),
  };
}

/**
 * The open clocks of the `sla.breach_risk` frame, ordered by time left at
 * `receivedAtMs` (when the data arrived; seconds_left is relative to then).
 */
export function readClocks(series: readonly DataFrame[], receivedAtMs: number): ClockList {
  const frame = pickFrame(series, BREACH_RISK_QUERY, REQUIRED_FIELDS);
  if (frame === undefined) return { clocks: [], probabilityField: undefined };
  const columns = clockColumns(frame);
  const clocks = Array.from({ length: frameLength(frame) }, (_, i) =>
    clockAt(columns, i, receivedAtMs),
  );
  clocks.sort(compareClocks(receivedAtMs));
  const hasProbability = clocks.some((clock) => clock.probability !== null);
  return {
    clocks,
    probabilityField: hasProbability ? findField(frame, 'breach_probability') : undefined,
  };
}

export interface ClockSummary {
  open: number;
  breached: number;
  warning: number;
  paused: number;
}

export function summarize(clocks: readonly Clock[], nowMs: number): ClockSummary {
  const summary: ClockSummary = { open: clocks.length, breached: 0, warning: 0, paused: 0 };
  for (const clock of clocks) {
    const urgency = urgencyAt(clock, nowMs, 0);
    if (urgency === 'breached' || urgency === 'warning' || urgency === 'paused') {
      summary[urgency] += 1;
    }
  }
  return summary;
}
