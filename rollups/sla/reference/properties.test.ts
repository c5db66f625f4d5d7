import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SlaClock } from '../../../schemas/sla-clock.ts';
import type { SlaPolicy, SlaPolicyInput } from '../../../schemas/sla-policy.ts';
import type { TicketEvent } from '../../../schemas/ticket-event.ts';
import type { ExplainClock } from '../../../schemas/sla-explain.ts';
import { policy, run } from './fixtures.ts';
import { computeClockRows } from './index.ts';
import { isoSeconds, toSeconds } from './time.ts';

// Random timelines over a few hours from Mon 2026-03-02 08:00Z, with ties,
// duplicate-free ids, unknown statuses, reopens, closes, priority changes.
const BASE_MS = Date.parse('2026-03-02T08:00:00Z');
const SPAN_S = 6 * 3600;

const eventSpec = fc.record({
  offset: fc.oneof(
    fc.integer({ min: 0, max: SPAN_S }),
    fc.integer({ min: 0, max: SPAN_S / 600 }).map((n) => n * 600),
  ),
  ms: fc.integer({ min: 0, max: 999 }),
  kind: fc.constantFrom('created', 'status', 'comment', 'comment', 'priority', 'attributes'),
  status: fc.constantFrom(
    'new',
    'open',
    'pending',
    'on_hold',
    'solved',
    'closed',
    'Resolved',
    'Odd',
  ),
  withStatus: fc.boolean(),
  role: fc.constantFrom('agent', 'customer', 'customer', 'system'),
  isPublic: fc.boolean(),
  priority: fc.constantFrom('P1', 'P2', 'P3', 'P9'),
});
type EventSpec = typeof eventSpec extends fc.Arbitrary<infer T> ? T : never;

function toEvent(spec: EventSpec, index: number): TicketEvent {
  const event: TicketEvent = {
    event_id: `e${String(index).padStart(2, '0')}`,
    ticket_id: 'T-1',
    type: 'commented',
    occurred_at: new Date(BASE_MS + spec.offset * 1000 + spec.ms).toISOString(),
  };
  const comment = { author_role: spec.role, public: spec.isPublic };
  switch (spec.kind) {
    case 'created':
      return {
        ...event,
        type: 'created',
        comment,
        ...(spec.withStatus ? { status: spec.status } : {}),
      };
    case 'status':
      return { ...event, type: 'status_changed', status: spec.status };
    case 'priority':
      return { ...event, type: 'priority_changed', priority: spec.priority };
    case 'attributes':
      return { ...event, type: 'attributes_changed', attributes: { tier: spec.priority } };
    default:
      return { ...event, comment, ...(spec.withStatus ? { status: spec.status } : {}) };
  }
}

const timeline = fc
  .tuple(
    fc.option(
      eventSpec.map((spec) => ({ ...spec, kind: 'created' as const })),
      { freq: 8, nil: null },
    ),
    fc.array(eventSpec, { maxLength: 14 }),
  )
  .map(([created, rest]) => (created === null ? rest : [created, ...rest]).map(toEvent));

const target = fc.option(fc.constantFrom(0, 60, 600, 1800, 3600, 3601, 7200, 14_400), {
  nil: undefined,
});
const targets = fc.record({ first_response: target, next_response: target, resolution: target });
const ruleExtras = fc.record({
  pause_statuses: fc.subarray(['new', 'open', 'pending', 'on_hold'] as const),
  warn_pct: fc.integer({ min: 1, max: 100 }),
  on_reopen: fc.constantFrom('continue' as const, 'restart' as const),
});

function arbitraryPolicy(calendarIds: readonly string[]): fc.Arbitrary<SlaPolicy> {
  const calendar = fc.constantFrom(...calendarIds);
  return fc
    .record({
      p1: fc.tuple(targets, ruleExtras, calendar),
      p2: fc.tuple(targets, ruleExtras, calendar),
      all: fc.option(fc.tuple(targets, ruleExtras, calendar), { nil: null }),
    })
    .map(({ p1, p2, all }) => {
      const rules: SlaPolicyInput['rules'] = [
        { id: 'p1', match: { priority: 'P1' }, targets: p1[0], ...p1[1], calendar: p1[2] },
        { id: 'p2', match: { priority: ['P2', 'P3'] }, targets: p2[0], ...p2[1], calendar: p2[2] },
      ];
      if (all !== null) rules.push({ id: 'all', targets: all[0], ...all[1], calendar: all[2] });
      return policy({
        calendars: [
          {
            id: 'office',
            time_zone: 'Europe/Berlin',
            weekly: (['mon', 'tue', 'wed', 'thu', 'fri'] as const).map((day) => ({
              day,
              start: '09:00',
              end: '12:30',
            })),
          },
          { id: 'late', time_zone: 'UTC', weekly: [{ day: 'mon', start: '10:15', end: '02:00' }] },
        ],
        status_map: { Resolved: 'solved' },
        rules,
      });
    });
}

const nowMs = fc
  .integer({ min: -600, max: SPAN_S + 3 * 3600 })
  .map((s) => BASE_MS + s * 1000 + 500);

const ALL_CALENDARS = ['24x7', 'office', 'late'] as const;

describe('properties of the reference clocks', () => {
  it('invariants: business ≤ wall, state ⇔ breach rules, targets and instants consistent', () => {
    fc.assert(
      fc.property(timeline, arbitraryPolicy(ALL_CALENDARS), nowMs, (list, slaPolicy, now) => {
        const { clocks } = run(list, slaPolicy, new Date(now).toISOString());
        for (const clock of clocks) checkInvariants(clock, now);
      }),
      { numRuns: 400 },
    );
  });

  it('input order and duplicate copies do not change the result', () => {
    fc.assert(
      fc.property(
        timeline.chain((list) =>
          fc.tuple(
            fc.constant(list),
            fc.shuffledSubarray(list, { minLength: list.length, maxLength: list.length }),
            fc.subarray(list),
          ),
        ),
        arbitraryPolicy(ALL_CALENDARS),
        nowMs,
        ([list, shuffled, copies], slaPolicy, now) => {
          const nowIso = new Date(now).toISOString();
          const expected = run(list, slaPolicy, nowIso);
          const permuted = run([...copies, ...shuffled], slaPolicy, nowIso);
          expect(permuted.clocks).toEqual(expected.clocks);
          expect(permuted.explain.timeline).toEqual(expected.explain.timeline);
          expect(permuted.explain.clocks).toEqual(expected.explain.clocks);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('§5 on 24x7 agrees with a second-by-second simulation of over(t)', () => {
    fc.assert(
      fc.property(timeline, arbitraryPolicy(['24x7']), nowMs, (list, slaPolicy, now) => {
        const { clocks, explain } = run(list, slaPolicy, new Date(now).toISOString());
        expect(explain.clocks).toHaveLength(clocks.length);
        for (const [index, clock] of clocks.entries()) {
          const working = explain.clocks[index];
          if (working === undefined) throw new Error('explain lost a clock');
          expect(simulate(working)).toEqual({
            breach_at: clock.breach_at,
            warn_at: clock.warn_at,
            breached: clock.breached,
            elapsed_business_s: clock.elapsed_business_s,
            paused_business_s: clock.paused_business_s,
          });
        }
      }),
      { numRuns: 300 },
    );
  });

  it('computeClockRows equals the clocks of computeClocks', () => {
    fc.assert(
      fc.property(timeline, arbitraryPolicy(ALL_CALENDARS), nowMs, (list, slaPolicy, now) => {
        const rows = computeClockRows(list, slaPolicy, { policyVersion: 1, nowMs: now });
        expect(rows).toEqual(run(list, slaPolicy, new Date(now).toISOString()).clocks);
      }),
      { numRuns: 100 },
    );
  });
});

function checkInvariants(clock: SlaClock, now: number): void {
  const started = toSeconds(clock.started_at);
  const stopped = clock.stopped_at === null ? null : toSeconds(clock.stopped_at);
  const breachAt = clock.breach_at === null ? null : toSeconds(clock.breach_at);
  expect(clock.elapsed_business_s + clock.paused_business_s).toBeLessThanOrEqual(
    clock.elapsed_wall_s,
  );
  if (stopped !== null) expect(clock.elapsed_wall_s).toBe(stopped - started);
  else expect(started + clock.elapsed_wall_s).toBeGreaterThanOrEqual(Math.floor(now / 1000));
  const end = started + clock.elapsed_wall_s;
  // breached ⇔ a breach instant strictly before the stop (or now).
  expect(clock.breached).toBe(breachAt !== null && end > breachAt);
  expect(clock.state === 'breached').toBe(stopped !== null && clock.breached);
  expect(['running', 'paused'].includes(clock.state)).toBe(stopped === null);
  if (stopped !== null && !clock.breached) {
    expect(clock.breach_at).toBeNull();
    if (clock.warn_at !== null) expect(toSeconds(clock.warn_at)).toBeLessThan(stopped);
  }
  if (clock.target_s === null) {
    expect([clock.breached, clock.breach_at, clock.warn_at]).toEqual([false, null, null]);
  }
  if (clock.metric !== 'resolution') expect(clock.paused_business_s).toBe(0);
  if (clock.state === 'cancelled') expect(clock.metric).not.toBe('resolution');
}

/**
 * An independent reading of §5 for a 24x7 calendar (business time is wall
 * time): step through every second of the counted segments, track E(t) and
 * over(t) = E(t) ≥ T(t), and take the start of the final run of `over`; if
 * the last segment runs and is not over yet, keep stepping until it is.
 */
function simulate(working: ExplainClock) {
  const started = toSeconds(working.started_at);
  const stopped = working.stopped_at === null ? null : toSeconds(working.stopped_at);
  const end = toSeconds(working.evaluated_to);
  const segments = working.segments.map((s) => ({
    from: toSeconds(s.from),
    to: toSeconds(s.to),
    role: s.role,
    target: s.target_s,
    warn: s.warn_threshold_s,
  }));
  const find = (threshold: (s: (typeof segments)[number]) => number | null): number | null => {
    const last = segments.at(-1);
    if (last === undefined) return started;
    const over: boolean[] = [];
    let elapsed = 0;
    for (const segment of segments) {
      const value = threshold(segment);
      for (let t = segment.from; t < segment.to; t += 1) {
        over[t - started] = value !== null && elapsed >= value;
        if (segment.role === 'run') elapsed += 1;
      }
    }
    const lastValue = threshold(last);
    if (lastValue !== null && elapsed >= lastValue) {
      let t = end;
      while (t > started && over[t - 1 - started] === true) t -= 1;
      return t;
    }
    if (last.role !== 'run' || lastValue === null) return null;
    return end + (lastValue - elapsed);
  };
  let breachAt = find((s) => s.target);
  let warnAt = find((s) => s.warn);
  const breached = breachAt !== null && end > breachAt;
  if (stopped !== null && !breached) {
    breachAt = null;
    if (warnAt !== null && !(stopped > warnAt)) warnAt = null;
  }
  const sum = (role: string) =>
    segments.filter((s) => s.role === role).reduce((total, s) => total + s.to - s.from, 0);
  return {
    breach_at: breachAt === null ? null : isoSeconds(breachAt),
    warn_at: warnAt === null ? null : isoSeconds(warnAt),
    breached,
    elapsed_business_s: sum('run'),
    paused_business_s: sum('pause'),
  };
}
