import { describe, expect, it } from 'vitest';
import type { SloAlert, SloStatusName, SloWindow } from '../../schemas/slo.ts';
import { budgetShare, exactDecimal } from './budget.ts';
import { burnRate, burnRates, burnReaches, firingAlerts, sloStatusOf } from './burn-rate.ts';
import { WINDOW_NAMES, emptyCounts, windowStartsMs, type WindowCounts } from './windows.ts';

/*
 * Constructed streams with known answers. Traffic is one event every 60 ms
 * (1,000 a minute, forever before and after t = 0), so a window of w ms holds
 * exactly w / 60 events; which events are bad is a rule on their instants.
 * Counting is closed-form, so the alerts can be evaluated every second.
 */
const EVENT_MS = 60;
const SECOND = 1_000;
const MINUTE = 60 * SECOND;

/** Multiples of `step` in (a, b], integers. */
function multiplesIn(step: number, a: number, b: number): number {
  return b <= a ? 0 : Math.floor(b / step) - Math.floor(a / step);
}

interface Stream {
  /** Bad events are the multiples of `badEvery` ms in [from, to). */
  badEvery: number;
  from: number;
  to: number;
}

function countsAt(stream: Stream, nowMs: number, sloWindow: SloWindow = '30d'): WindowCounts {
  const starts = windowStartsMs(nowMs, sloWindow);
  const counts = emptyCounts();
  for (const name of WINDOW_NAMES) {
    const total = multiplesIn(EVENT_MS, starts[name], nowMs);
    // [from, to) on integer instants is (from − 1, to − 1].
    const lo = Math.max(starts[name], stream.from - 1);
    const hi = Math.min(nowMs, stream.to - 1);
    counts[name] = { total, good: total - multiplesIn(stream.badEvery, lo, hi) };
  }
  return counts;
}

const OBJECTIVE = 0.999; // budget: 1 bad event in 1,000

function alertsAt(stream: Stream, nowMs: number): string[] {
  const alerts = firingAlerts(countsAt(stream, nowMs), OBJECTIVE);
  return alerts.map((a) => `${a.severity} ${a.long_window}/${a.short_window}`);
}

/** The first second in [from, to) at which `predicate` holds, or undefined. */
function firstSecond(from: number, to: number, predicate: (ms: number) => boolean) {
  for (let s = from; s < to; s += 1) if (predicate(s * SECOND)) return s;
  return undefined;
}

const firing = (stream: Stream, alert: string) => (ms: number) =>
  alertsAt(stream, ms).includes(alert);

describe('a full outage from t = 0 (every event bad), 99.9 %', () => {
  // 10 minutes of errors: events at 0, 60, …, 599 940 ms (10,000 of them).
  const outage: Stream = { badEvery: EVENT_MS, from: 0, to: 10 * MINUTE };

  it('pages on 1h/5m at second 52, when the hour holds 1.44 % bad events', () => {
    // burn(1h) ≥ 14.4 ⇔ bad ≥ 14.4 × 0.001 × 60,000 = 864 events. By second s
    // the bad events are those at 0, 60, …: ⌊1000 s / 60⌋ + 1 of them; 851 at
    // s = 51 (too few), 867 at s = 52. The 5m window (5,000 events) has 867
    // bad, far over its 72.
    expect(firstSecond(0, 600, firing(outage, 'page 1h/5m'))).toBe(52);
    expect(countsAt(outage, 51 * SECOND)['1h']).toEqual({ total: 60_000, good: 60_000 - 851 });
    expect(burnRate(countsAt(outage, 52 * SECOND)['1h'], OBJECTIVE)).toBeCloseTo(14.45, 10);
  });

  it('pages on 6h/30m at second 130 and tickets (1d/2h, 3d/6h) at second 260', () => {
    // 6h: bad ≥ 6 × 0.001 × 360,000 = 2,160 ⇔ ⌊1000 s / 60⌋ ≥ 2,159 ⇔ s ≥ 129.54.
    expect(firstSecond(0, 600, firing(outage, 'page 6h/30m'))).toBe(130);
    // 1d: bad ≥ 3 × 0.001 × 1,440,000 = 4,320 ⇔ ⌊1000 s / 60⌋ ≥ 4,319 ⇔ s ≥ 259.14;
    // 3d: bad ≥ 1 × 0.001 × 4,320,000 = 4,320, the same second.
    expect(firstSecond(0, 600, firing(outage, 'ticket 1d/2h'))).toBe(260);
    expect(firstSecond(0, 600, firing(outage, 'ticket 3d/6h'))).toBe(260);
  });

  it('stops the 1h/5m page once the 5m window clears, while the hour still burns', () => {
    // At 600 s + x the 5m window holds the bad events after 300 s + x:
    // 4,999 − ⌊x / 60 ms⌋ of them, under 72 from x = 295.68 s: second 896.
    const stop = firstSecond(600, 3_600, (ms) => !firing(outage, 'page 1h/5m')(ms));
    expect(stop).toBe(896);
    expect(firing(outage, 'page 1h/5m')(895 * SECOND)).toBe(true);
    expect(countsAt(outage, 896 * SECOND)['5m']).toEqual({ total: 5_000, good: 5_000 - 66 });
    // All 10,000 bad events are still in the hour: burn 10,000 / 60,000 / 0.001.
    expect(burnRate(countsAt(outage, 896 * SECOND)['1h'], OBJECTIVE)).toBeCloseTo(166.667, 3);
  });

  it('keeps paging on 6h/30m until the 30m window clears, then only tickets', () => {
    // The 30m window needs under 6 × 0.001 × 30,000 = 180 bad: 9,999 −
    // ⌊(x − 1,200 s) / 60 ms⌋ < 180 from x = 1,789.2 s, i.e. second 2,390.
    const status = (ms: number): SloStatusName => {
      const counts = countsAt(outage, ms);
      return sloStatusOf(counts, firingAlerts(counts, OBJECTIVE));
    };
    expect(firstSecond(600, 7_200, (ms) => status(ms) !== 'page')).toBe(2_390);
    expect(status(2_390 * SECOND)).toBe('ticket');
  });
});

describe('a slow burn at 2× (one event in 500 bad, from t = 0), 99.9 %', () => {
  // Bad events are the multiples of 30 s: 2 a minute, 0.2 % of traffic.
  const slow: Stream = { badEvery: 500 * EVENT_MS, from: 0, to: Number.MAX_SAFE_INTEGER };

  it('burns 2× in every window that lies inside it', () => {
    const rates = burnRates(countsAt(slow, 4 * 86_400 * SECOND), OBJECTIVE);
    for (const rate of Object.values(rates)) expect(rate).toBeCloseTo(2, 1);
  });

  it('never pages and never raises the 3× ticket', () => {
    for (let minute = 0; minute <= 4 * 1_440; minute += 1) {
      const alerts = alertsAt(slow, minute * MINUTE);
      expect(alerts.filter((a) => a !== 'ticket 3d/6h')).toEqual([]);
    }
  });

  it('raises the 3d/6h ticket at 35 h 59 min 30 s, when the budget of 3 days is spent', () => {
    // burn(3d) ≥ 1 ⇔ bad ≥ 0.001 × 4,320,000 = 4,320; by second s there are
    // ⌊s / 30⌋ + 1 bad events: 4,320 first at s = 129,570 (burn exactly 1).
    const first = firstSecond(0, 3 * 86_400, firing(slow, 'ticket 3d/6h'));
    expect(first).toBe(129_570);
    const counts = countsAt(slow, 129_570 * SECOND);
    expect(counts['3d']).toEqual({ total: 4_320_000, good: 4_320_000 - 4_320 });
    expect(burnRate(counts['3d'], OBJECTIVE)).toBe(1);
    expect(alertsAt(slow, 129_569 * SECOND)).toEqual([]);
  });
});

describe('burn rate arithmetic', () => {
  const share = budgetShare(OBJECTIVE);
  const threshold = exactDecimal(14.4);

  it('reaches a threshold it equals exactly (≥, not >), in integers', () => {
    // 864 bad of 60,000 is 1.44 % = 14.4 × 0.1 %. In floating point
    // 0.0144 / (1 − 0.999) is 14.399999999999988, which would miss.
    expect(864 / 60_000 / (1 - 0.999)).toBeLessThan(14.4);
    expect(burnReaches({ total: 60_000, good: 60_000 - 864 }, share, threshold)).toBe(true);
    expect(burnReaches({ total: 60_000, good: 60_000 - 863 }, share, threshold)).toBe(false);
    expect(burnRate({ total: 60_000, good: 60_000 - 864 }, OBJECTIVE)).toBe(14.4);
  });

  it('needs both windows of a pair', () => {
    const counts = emptyCounts();
    counts['1h'] = { total: 60_000, good: 60_000 - 864 };
    counts['5m'] = { total: 5_000, good: 5_000 - 71 }; // 14.2×
    expect(firingAlerts(counts, OBJECTIVE)).toEqual([]);
    counts['5m'] = { total: 5_000, good: 5_000 - 72 }; // 14.4×
    expect(firingAlerts(counts, OBJECTIVE)).toEqual([
      { severity: 'page', long_window: '1h', short_window: '5m', threshold: 14.4 },
    ]);
  });

  it('burns 0 in a window without events, which then cannot fire', () => {
    const counts = emptyCounts();
    counts['1h'] = { total: 100, good: 0 };
    expect(burnRate(counts['5m'], OBJECTIVE)).toBe(0);
    expect(burnRate(counts['1h'], OBJECTIVE)).toBe(1000);
    expect(firingAlerts(counts, OBJECTIVE)).toEqual([]);
  });

  it('reports no_data without events in the SLO window, page over ticket otherwise', () => {
    const counts = emptyCounts();
    expect(sloStatusOf(counts, [])).toBe('no_data');
    counts.slo = { total: 10, good: 10 };
    expect(sloStatusOf(counts, [])).toBe('ok');
    const ticket: SloAlert = {
      severity: 'ticket',
      long_window: '1d',
      short_window: '2h',
      threshold: 3,
    };
    const page: SloAlert = {
      severity: 'page',
      long_window: '1h',
      short_window: '5m',
      threshold: 14.4,
    };
    expect(sloStatusOf(counts, [ticket])).toBe('ticket');
    expect(sloStatusOf(counts, [ticket, page])).toBe('page');
  });
});
