import { describe, expect, it } from 'vitest';
import {
  HOUR,
  MINUTE,
  agentNote,
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
describe('§4 first_response', () => {
  it('runs from created to the first public agent comment; private notes do not stop it', () => {
    const result = run(
      events(
        [at('08:00:00'), 'created', customerReply],
        [at('08:20:00'), 'commented', agentNote],
        [at('08:40:00'), 'commented', agentReply],
      ),
      basic,
      at('09:00:00'),
    );
    expect(result.clock('first_response')).toMatchObject({
      state: 'met',
      stopped_at: at('08:40:00'),
      elapsed_business_s: 40 * MINUTE,
      paused_business_s: 0,
    });
  });

  it('does not pause while the ticket is pending', () => {
    const result = run(
      events([at('08:00:00'), 'created'], [at('08:10:00'), 'status_changed', status('pending')]),
      basic,
      at('09:00:00'),
    );
    expect(result.clock('first_response')).toMatchObject({
      state: 'running',
      elapsed_business_s: HOUR,
    });
  });

  it('agent-created: starts at the first public customer comment on an open ticket', () => {
    const result = run(
      events(
        [at('08:00:00'), 'created', agentReply],
        [at('08:30:00'), 'commented', { comment: { author_role: 'customer', public: false } }],
        [at('08:40:00'), 'status_changed', status('solved')],
        [at('08:50:00'), 'commented', customerReply],
        [at('09:00:00'), 'commented', { ...customerReply, ...status('open') }],
        [at('09:20:00'), 'commented', agentReply],
      ),
      basic,
      at('10:00:00'),
    );
    expect(result.clock('first_response')).toMatchObject({
      state: 'met',
      started_at: at('09:00:00'),
      stopped_at: at('09:20:00'),
      elapsed_business_s: 20 * MINUTE,
    });
  });

  it('agent-created without a customer comment: no first_response and no next_response', () => {
    const result = run(
      events([at('08:00:00'), 'created', agentReply], [at('08:30:00'), 'commented', agentReply]),
      basic,
      at('10:00:00'),
    );
    expect(result.clocks.map((c) => c.metric)).toEqual(['resolution']);
  });

  it('a solve before the reply closes it by solve (cancelled)', () => {
    const result = run(
      events([at('08:00:00'), 'created'], [at('08:30:00'), 'status_changed', status('solved')]),
      basic,
      at('10:00:00'),
    );
    expect(result.clock('first_response')).toMatchObject({
      state: 'cancelled',
      stopped_at: at('08:30:00'),
      breach_at: null,
      breached: false,
    });
  });

  it('a reply that also solves is a reply (met or breached), not a cancel', () => {
    const result = run(
      events(
        [at('08:00:00'), 'created'],
        [at('09:30:00'), 'commented', { ...agentReply, ...status('solved') }],
      ),
      basic,
      at('10:00:00'),
    );
    expect(result.clock('first_response')).toMatchObject({
      state: 'breached',
      breach_at: at('09:00:00'),
    });
    expect(result.explain.clocks[0]?.stop_kind).toBe('reply');
  });

  it('finishing exactly at the deadline is met; a second later is breached', () => {
    const reply = (time: string) =>
      run(
        events([at('08:00:00'), 'created'], [at(time), 'commented', agentReply]),
        basic,
        at('12:00:00'),
      ).clock('first_response');
    expect(reply('09:00:00')).toMatchObject({ state: 'met', breached: false, breach_at: null });
    expect(reply('09:00:01')).toMatchObject({
      state: 'breached',
      breached: true,
      breach_at: at('09:00:00'),
    });
  });
});

describe('§4 next_response', () => {
  it('cycles: the oldest unanswered customer comment counts; the next agent reply stops it', () => {
    const result = run(
      events(
        [at('08:00:00'), 'created', customerReply],
        [at('08:10:00'), 'commented', agentReply],
        [at('09:00:00'), 'commented', customerReply],
        [at('09:30:00'), 'commented', customerReply],
        [at('10:00:00'), 'commented', agentNote],
        [at('10:30:00'), 'commented', agentReply],
        [at('11:00:00'), 'commented', customerReply],
      ),
      basic,
      at('11:45:00'),
    );
    expect(result.clock('next_response', 1)).toMatchObject({
      state: 'met',
      started_at: at('09:00:00'),
      stopped_at: at('10:30:00'),
      elapsed_business_s: 90 * MINUTE,
    });
    expect(result.clock('next_response', 2)).toMatchObject({
      state: 'running',
      started_at: at('11:00:00'),
      elapsed_business_s: 45 * MINUTE,
      breach_at: at('13:00:00'),
      warn_at: at('12:30:00'),
    });
  });

  it('starts only after the reply that stopped first_response', () => {
    const result = run(
      events(
        [at('08:00:00'), 'created'],
        [at('08:05:00'), 'commented', customerReply],
        [at('08:30:00'), 'status_changed', status('solved')],
        [at('09:00:00'), 'commented', { ...customerReply, ...status('open') }],
      ),
      basic,
      at('10:00:00'),
    );
    // first_response was closed by the solve, so there is no next_response at all.
    expect(result.clocks.map((c) => c.metric)).toEqual(['first_response', 'resolution']);
    expect(result.explain.notes).toContain(
      'first_response not stopped by an agent reply: no next_response cycles',
    );
  });

  it('a customer comment on a solved ticket starts no cycle', () => {
    const result = run(
      events(
        [at('08:00:00'), 'created'],
        [at('08:10:00'), 'commented', agentReply],
        [at('08:20:00'), 'status_changed', status('solved')],
        [at('08:30:00'), 'commented', customerReply],
        [at('08:40:00'), 'status_changed', status('open')],
      ),
      basic,
      at('10:00:00'),
    );
    expect(result.clocks.filter((c) => c.metric === 'next_response')).toEqual([]);
  });
});

describe('§4 resolution', () => {
  const reopened = events(
    [at('08:00:00'), 'created'],
    [at('09:00:00'), 'status_changed', status('solved')],
    [at('10:00:00'), 'status_changed', status('open')],
    [at('11:00:00'), 'status_changed', status('solved')],
  );

  it('on_reopen continue: the same cycle resumes, the solved time is off', () => {
    const result = run(reopened, basic, at('12:00:00'));
    expect(result.clocks.filter((c) => c.metric === 'resolution')).toHaveLength(1);
    expect(result.clock('resolution')).toMatchObject({
      state: 'met',
      started_at: at('08:00:00'),
      stopped_at: at('11:00:00'),
      elapsed_business_s: 2 * HOUR,
      elapsed_wall_s: 3 * HOUR,
      paused_business_s: 0,
    });
    // Between the solve and the reopen the clock was stopped (met).
    expect(run(reopened.slice(0, 2), basic, at('09:30:00')).clock('resolution').state).toBe('met');
  });

  it('on_reopen restart: the reopen starts a new cycle', () => {
    const slaPolicy = policy({
      rules: [{ id: 'all', targets: { resolution: '4h' }, on_reopen: 'restart' }],
    });
    const result = run(reopened, slaPolicy, at('12:00:00'));
    expect(result.clock('resolution', 1)).toMatchObject({
      state: 'met',
      stopped_at: at('09:00:00'),
      elapsed_business_s: HOUR,
    });
    expect(result.clock('resolution', 2)).toMatchObject({
      state: 'met',
      started_at: at('10:00:00'),
      stopped_at: at('11:00:00'),
      elapsed_business_s: HOUR,
    });
  });

  it('on_reopen comes from the rule in force at the reopen event', () => {
    const slaPolicy = policy({
      rules: [
        {
          id: 'p1',
          match: { priority: 'P1' },
          targets: { resolution: '1h' },
          on_reopen: 'restart',
        },
        { id: 'rest', targets: { resolution: '4h' } },
      ],
    });
    const result = run(
      events(
        [at('08:00:00'), 'created'],
        [at('09:00:00'), 'status_changed', status('solved')],
        [at('10:00:00'), 'status_changed', { ...status('open'), priority: 'P1' }],
      ),
      slaPolicy,
      at('10:30:00'),
    );
    expect(result.clock('resolution', 2)).toMatchObject({ state: 'running', rule_id: 'p1' });
  });

  it('a ticket solved twice stays stopped at the first solve', () => {
    const slaPolicy = policy({
      status_map: { Resolved: 'solved' },
      rules: [{ id: 'all', targets: { resolution: '4h' } }],
    });
    const result = run(
      events(
        [at('08:00:00'), 'created'],
        [at('09:00:00'), 'status_changed', status('Resolved')],
        [at('10:00:00'), 'status_changed', status('solved')],
      ),
      slaPolicy,
      at('12:00:00'),
    );
    expect(result.clock('resolution')).toMatchObject({
      stopped_at: at('09:00:00'),
      elapsed_business_s: HOUR,
    });
    expect(result.explain.timeline[2]?.notes).toContain('solved again: not a new stop');
  });

  it('pauses in the rule’s pause statuses only', () => {
    const slaPolicy = policy({
      rules: [{ id: 'all', targets: { resolution: '4h' }, pause_statuses: ['on_hold'] }],
    });
    const result = run(
      events(
        [at('08:00:00'), 'created'],
        [at('09:00:00'), 'status_changed', status('pending')],
        [at('10:00:00'), 'status_changed', status('on_hold')],
      ),
      slaPolicy,
      at('11:00:00'),
    );
    expect(result.clock('resolution')).toMatchObject({
      state: 'paused',
      elapsed_business_s: 2 * HOUR,
      paused_business_s: HOUR,
    });
  });
});
