import { FieldType, type DataFrame } from '@grafana/data';

import { fixtureFrame } from '../shared/testing/panelProps';

/** 2026-03-02T10:00:00Z: "now" of the fixtures. */
export const T0 = Date.UTC(2026, 2, 2, 10, 0, 0);

export interface ClockFixture {
  ticket: string;
  metric?: string;
  state?: string;
  priority?: string;
  queue?: string;
  /** Seconds from T0 to breach_at. */
  breachIn: number;
  /** Seconds from T0 to warn_at; null = no warning time. */
  warnIn?: number | null;
  probability?: number | null;
}

/** Five open clocks, deliberately out of order. */
export const FIVE_CLOCKS: ClockFixture[] = [
  { ticket: 'T4', breachIn: 2 * 86_400 + 3 * 3_600, warnIn: 86_400, priority: 'P3' },
  { ticket: 'T1', breachIn: 300, warnIn: -30, priority: 'P1', queue: 'network' },
  { ticket: 'T3', breachIn: 7_200, state: 'paused', priority: 'P2' },
  { ticket: 'T2', breachIn: -60, warnIn: -600, metric: 'first_response', priority: 'P1' },
  { ticket: 'T5', breachIn: 1_800, warnIn: 1_500, priority: 'P2' },
];

/** An sla.breach_risk frame as of T0, fields in contract order. */
export function breachRiskFrame(clocks: readonly ClockFixture[]): DataFrame {
  const column = <T>(pick: (clock: ClockFixture, i: number) => T) => clocks.map(pick);
  return fixtureFrame('sla.breach_risk', [
    { name: 'ticket_id', type: FieldType.string, values: column((c) => c.ticket) },
    { name: 'metric', type: FieldType.string, values: column((c) => c.metric ?? 'resolution') },
    { name: 'cycle', type: FieldType.number, values: column(() => 1) },
    { name: 'state', type: FieldType.string, values: column((c) => c.state ?? 'running') },
    { name: 'priority', type: FieldType.string, values: column((c) => c.priority ?? 'P2') },
    { name: 'queue', type: FieldType.string, values: column((c) => c.queue ?? 'desk') },
    { name: 'rule_id', type: FieldType.string, values: column(() => 'default') },
    { name: 'breach_at', type: FieldType.time, values: column((c) => T0 + c.breachIn * 1000) },
    {
      name: 'warn_at',
      type: FieldType.time,
      values: column((c) =>
        c.warnIn === undefined || c.warnIn === null ? null : T0 + c.warnIn * 1000,
      ),
    },
    { name: 'seconds_left', type: FieldType.number, values: column((c) => c.breachIn), unit: 's' },
    {
      name: 'breach_probability',
      type: FieldType.number,
      values: column((c) => c.probability ?? null),
    },
  ]);
}

/** `count` running clocks, one a second apart, in reverse order. */
export function manyClocks(count: number): ClockFixture[] {
  return Array.from({ length: count }, (_, i) => ({
    ticket: `T${count - i}`,
    breachIn: (count - i) * 60,
    warnIn: (count - i) * 60 - 600,
  }));
}
