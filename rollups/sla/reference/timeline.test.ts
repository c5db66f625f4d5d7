import { describe, expect, it } from 'vitest';
import { SLA_METRICS } from '../../../schemas/sla-policy.ts';
import {
  HOUR,
  agentReply,
  at,
  basic,
  customerReply,
  events,
  policy,
  run,
  status,
} from './fixtures.ts';

// docs/sla.md, one rule per test; 24x7 unless said otherwise. 2026-03-02 is a Monday.
describe('§2 timeline', () => {
  it('without a created event there are no clocks', () => {
    const result = run(
      events(
        [at('08:00:00'), 'commented', customerReply],
        [at('09:00:00'), 'status_changed', status('open')],
      ),
      basic,
      at('10:00:00'),
    );
    expect(result.clocks).toEqual([]);
    expect(result.explain.notes).toContain('no created event: no clocks');
    expect(result.explain.timeline.every((e) => !e.counted)).toBe(true);
  });

  it('events before created set state only (a status, and an agent comment that stops nothing)', () => {
    const result = run(
      events(
        [at('07:00:00'), 'status_changed', status('pending')],
        [at('07:30:00'), 'commented', agentReply],
        [at('08:00:00'), 'created'],
        [at('09:00:00'), 'status_changed', status('open')],
      ),
      basic,
      at('10:00:00'),
    );
    // The created event carries no status: the pending set before it applies.
    expect(result.clock('resolution')).toMatchObject({
      started_at: at('08:00:00'),
      paused_business_s: HOUR,
      elapsed_business_s: HOUR,
    });
    expect(result.clock('first_response')).toMatchObject({
      state: 'running',
      elapsed_business_s: 2 * HOUR,
    });
    expect(result.explain.timeline[0]?.notes).toContain('before created: sets state only');
  });

  it('a later created event is an ordinary update (its comment only says who opened it)', () => {
    const result = run(
      events(
        [at('08:00:00'), 'created'],
        [at('09:00:00'), 'created', { ...status('pending'), ...agentReply }],
        [at('09:30:00'), 'commented', agentReply],
      ),
      basic,
      at('10:00:00'),
    );
    // Only `commented` events are comments: the reply at 09:30 answers (after the 1 h target).
    expect(result.clock('first_response')).toMatchObject({
      state: 'breached',
      stopped_at: at('09:30:00'),
    });
    expect(result.clock('resolution')).toMatchObject({
      started_at: at('08:00:00'),
      state: 'paused',
      paused_business_s: HOUR,
    });
    expect(result.explain.timeline[1]?.notes).toContain('created again: an ordinary update');
  });

  it('orders by the millisecond, created first at equal instants, then event_id; counts whole seconds', () => {
    const list = events(
      [at('08:00:00.900'), 'created', { event_id: 'z-created' }],
      [at('08:00:00.100'), 'commented', { event_id: 'a-reply', ...agentReply }],
      [at('08:00:05.000'), 'commented', { event_id: 'c-reply', ...agentReply }],
      [at('08:00:05.000'), 'created', { event_id: 'd-created' }],
      [at('08:00:06.000'), 'status_changed', { event_id: 'b', ...status('open') }],
      [at('08:00:06.000'), 'status_changed', { event_id: 'a', ...status('solved') }],
      [at('08:00:06.999'), 'status_changed', { event_id: 'e', ...status('open') }],
    );
    const result = run(list, basic, at('09:00:00'));
    // The reply at .100 happened before the creation at .900: it answers nothing.
    // The next reply, 5 s later (whole seconds), is the first response.
    expect(result.clock('first_response')).toMatchObject({
      state: 'met',
      started_at: at('08:00:00'),
      stopped_at: at('08:00:05'),
      elapsed_business_s: 5,
    });
    expect(result.explain.timeline.map((e) => e.event_id)).toEqual([
      'a-reply',
      'z-created',
      'd-created',
      'c-reply',
      'a',
      'b',
      'e',
    ]);
    // "a" solves, "b" and "e" reopen within the same second: the solved stretch is
    // empty, resolution continues and runs.
    expect(result.clock('resolution')).toMatchObject({
      state: 'running',
      elapsed_business_s: HOUR,
    });
  });

  it('duplicates: one copy per event_id, the last in input order', () => {
    const list = events(
      [at('08:00:00'), 'created'],
      [at('09:00:00'), 'status_changed', { event_id: 'dup', ...status('pending') }],
      [at('09:00:00'), 'status_changed', { event_id: 'dup', ...status('solved') }],
    );
    const result = run(list, basic, at('10:00:00'));
    expect(result.clock('resolution')).toMatchObject({ state: 'met', stopped_at: at('09:00:00') });
    expect(result.explain.duplicates_dropped).toBe(1);
  });

  it('an unknown status counts as open and explain flags it; a mapped one follows the map', () => {
    const list = events(
      [at('08:00:00'), 'created'],
      [at('09:00:00'), 'status_changed', status('Waiting for vendor')],
    );
    const unknown = run(list, basic, at('10:00:00'));
    expect(unknown.clock('resolution')).toMatchObject({
      state: 'running',
      elapsed_business_s: 2 * HOUR,
    });
    expect(unknown.explain.timeline[1]?.category).toBe('open');
    expect(unknown.explain.timeline[1]?.notes).toContain(
      'unknown status "Waiting for vendor" counted as open',
    );
    const mapped = policy({
      status_map: { 'Waiting for vendor': 'on_hold' },
      rules: [{ id: 'all', targets: { resolution: '4h' } }],
    });
    expect(run(list, mapped, at('10:00:00')).clock('resolution')).toMatchObject({
      state: 'paused',
      paused_business_s: HOUR,
    });
  });

  it('closed is terminal: later events are ignored', () => {
    const result = run(
      events(
        [at('08:00:00'), 'created'],
        [at('09:00:00'), 'status_changed', status('closed')],
        [at('10:00:00'), 'status_changed', status('open')],
        [at('11:00:00'), 'commented', customerReply],
      ),
      basic,
      at('12:00:00'),
    );
    expect(result.clock('resolution')).toMatchObject({ state: 'met', stopped_at: at('09:00:00') });
    expect(result.clock('first_response')).toMatchObject({
      state: 'cancelled',
      stopped_at: at('09:00:00'),
    });
    expect(result.clocks).toHaveLength(2);
    expect(result.explain.timeline[2]).toMatchObject({
      counted: false,
      rule_id: null,
      notes: ['after closed: ignored'],
    });
  });

  it('clocks are sorted by metric, then cycle', () => {
    const result = run(
      events(
        [at('08:00:00'), 'created'],
        [at('08:10:00'), 'commented', agentReply],
        [at('08:20:00'), 'commented', customerReply],
        [at('08:30:00'), 'commented', agentReply],
        [at('08:40:00'), 'commented', customerReply],
      ),
      basic,
      at('09:00:00'),
    );
    expect(result.clocks.map((c) => [c.metric, c.cycle])).toEqual([
      ['first_response', 1],
      ['next_response', 1],
      ['next_response', 2],
      ['resolution', 1],
    ]);
    expect(SLA_METRICS.indexOf('first_response')).toBe(0);
  });
});
