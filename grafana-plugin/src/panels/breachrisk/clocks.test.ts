import { FieldType } from '@grafana/data';
import { describe, expect, it } from 'vitest';

import { fixtureFrame } from '../shared/testing/panelProps';
import {
  formatCountdown,
  readClocks,
  secondsLeft,
  summarize,
  urgencyAt,
  type Clock,
} from './clocks';
import { FIVE_CLOCKS, T0, breachRiskFrame } from './fixtures';

const HOUR_MS = 3_600_000;

function clocks(): Clock[] {
  return readClocks([breachRiskFrame(FIVE_CLOCKS)], T0).clocks;
}

describe('formatCountdown', () => {
  it('formats time left and overdue time', () => {
    expect(formatCountdown(0)).toBe('00:00:00');
    expect(formatCountdown(300)).toBe('00:05:00');
    expect(formatCountdown(3_661)).toBe('01:01:01');
    expect(formatCountdown(2 * 86_400 + 3 * 3_600 + 4)).toBe('2d 03:00:04');
    expect(formatCountdown(-7)).toBe('-00:00:07');
  });
});

describe('readClocks', () => {
  it('orders clocks by time left and reads every field', () => {
    const list = clocks();
    expect(list.map((clock) => clock.ticketId)).toEqual(['T2', 'T1', 'T5', 'T3', 'T4']);
    expect(list[1]).toMatchObject({
      metric: 'resolution',
      cycle: 1,
      state: 'running',
      priority: 'P1',
      queue: 'network',
      ruleId: 'default',
      deadline: T0 + 300_000,
      warnAt: T0 - 30_000,
      paused: false,
      probability: null,
    });
  });

  it('leaves out the probability field when every value is null', () => {
    expect(readClocks([breachRiskFrame(FIVE_CLOCKS)], T0).probabilityField).toBeUndefined();
    const withProbability = FIVE_CLOCKS.map((clock, i) => ({
      ...clock,
      probability: i === 0 ? 0.8 : null,
    }));
    const list = readClocks([breachRiskFrame(withProbability)], T0);
    expect(list.probabilityField?.name).toBe('breach_probability');
  });

  it('reads Arrow-style columns: typed arrays, bigint and RFC 3339 instants', () => {
    const frame = fixtureFrame('sla.breach_risk', [
      { name: 'ticket_id', type: FieldType.string, values: ['A', 'B', 'C'] },
      {
        name: 'breach_at',
        type: FieldType.time,
        values: [BigInt(T0 + 60_000), '2026-03-02T10:00:30Z', null],
      },
      { name: 'seconds_left', type: FieldType.number, values: Float64Array.from([60, 30, 90]) },
    ]);
    const list = readClocks([frame], T0).clocks;
    expect(list.map((clock) => [clock.ticketId, clock.deadline])).toEqual([
      ['B', T0 + 30_000],
      ['A', T0 + 60_000],
      // Without breach_at the deadline follows from seconds_left at arrival.
      ['C', T0 + 90_000],
    ]);
  });

  it('reads nothing without a breach-risk frame', () => {
    expect(readClocks([], T0).clocks).toEqual([]);
  });
});

describe('time left and urgency', () => {
  it('counts running clocks down and keeps paused clocks still', () => {
    const [t2, t1, , t3] = clocks() as [Clock, Clock, Clock, Clock];
    expect(secondsLeft(t1, T0)).toBe(300);
    expect(secondsLeft(t1, T0 + 3_000)).toBe(297);
    expect(secondsLeft(t1, T0 + 2_500)).toBe(298);
    expect(secondsLeft(t2, T0 + 3_000)).toBe(-63);
    expect(secondsLeft(t3, T0)).toBe(7_200);
    expect(secondsLeft(t3, T0 + HOUR_MS)).toBe(7_200);
  });

  it('ranks urgency: breached, past warn_at, soon, ok, paused', () => {
    const byTicket = new Map(clocks().map((clock) => [clock.ticketId, clock]));
    const urgency = (ticket: string, now = T0) =>
      urgencyAt(byTicket.get(ticket) as Clock, now, HOUR_MS);
    expect(urgency('T2')).toBe('breached');
    expect(urgency('T1')).toBe('warning');
    expect(urgency('T5')).toBe('soon');
    expect(urgency('T5', T0 + 1_500_000)).toBe('warning');
    expect(urgency('T4')).toBe('ok');
    expect(urgency('T3')).toBe('paused');
    expect(urgency('T1', T0 + 300_000)).toBe('breached');
  });

  it('summarises the list', () => {
    expect(summarize(clocks(), T0)).toEqual({ open: 5, breached: 1, warning: 1, paused: 1 });
    expect(summarize(clocks(), T0 + 1_800_000)).toEqual({
      open: 5,
      breached: 3,
      warning: 0,
      paused: 1,
    });
  });
});
