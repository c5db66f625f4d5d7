import { describe, expect, it } from 'vitest';
import { HOUR, at, byPriority, events, policy, run, status } from './fixtures.ts';

// docs/sla.md, one rule per test; 24x7 unless said otherwise. 2026-03-02 is a Monday.
describe('§3 rules and targets', () => {
  it('a priority set after creation governs from creation (backfill)', () => {
    const result = run(
      events([at('08:00:00'), 'created'], [at('08:00:30'), 'priority_changed', { priority: 'P1' }]),
      byPriority,
      at('08:30:00'),
    );
    expect(result.clock('resolution')).toMatchObject({ rule_id: 'p1', breach_at: at('09:00:00') });
    expect(result.explain.clocks[1]?.segments[0]).toMatchObject({ rule_id: 'p1', target_s: HOUR });
    expect(result.explain.timeline[0]?.notes).toContain(
      'no rule matched yet: rule p1, the first to match later, applies',
    );
  });

  it('when no rule matches, the last matched rule stays in force', () => {
    const result = run(
      events(
        [at('08:00:00'), 'created', { priority: 'P1' }],
        [at('08:20:00'), 'priority_changed', { priority: 'P9' }],
      ),
      byPriority,
      at('08:30:00'),
    );
    expect(result.clock('resolution')).toMatchObject({ rule_id: 'p1', target_s: HOUR });
    expect(result.explain.timeline[1]?.notes).toContain('no rule matched: rule p1 stays in force');
  });

  it('a ticket that never matches a rule has no clocks', () => {
    const result = run(
      events([at('08:00:00'), 'created', { priority: 'P9' }]),
      byPriority,
      at('09:00:00'),
    );
    expect(result.clocks).toEqual([]);
    expect(result.explain.notes).toContain('never matched a rule: no clocks');
  });

  it('rules match on queue, channel, organization and every listed attribute', () => {
    const slaPolicy = policy({
      rules: [
        {
          id: 'vip',
          match: { queue: ['network', 'servers'], attributes: { tier: ['gold'], region: 'eu' } },
          targets: { resolution: '1h' },
        },
        { id: 'rest', targets: { resolution: '8h' } },
      ],
    });
    const ticket = (attributes: Record<string, string>) =>
      run(
        events(
          [at('08:00:00'), 'created', { queue: 'servers', attributes }],
          [at('08:10:00'), 'attributes_changed', { attributes: { note: 'x' } }],
        ),
        slaPolicy,
        at('08:30:00'),
      ).clock('resolution').rule_id;
    expect(ticket({ tier: 'gold', region: 'eu' })).toBe('vip');
    expect(ticket({ tier: 'gold' })).toBe('rest');
    expect(ticket({ tier: 'silver', region: 'eu' })).toBe('rest');
  });

  it('a target lowered below the elapsed time breaches at the change instant', () => {
    const result = run(
      events(
        [at('08:00:00'), 'created', { priority: 'P3' }],
        [at('10:00:00'), 'priority_changed', { priority: 'P1' }],
      ),
      byPriority,
      at('10:30:00'),
    );
    expect(result.clock('resolution')).toMatchObject({
      state: 'running',
      target_s: HOUR,
      breach_at: at('10:00:00'),
      breached: true,
    });
    expect(result.explain.clocks.at(-1)?.computed_breach.basis).toBe('change');
  });

  it('a target raised after a transient breach: the final target decides (met)', () => {
    const list = events(
      [at('08:00:00'), 'created', { priority: 'P1' }],
      [at('09:30:00'), 'priority_changed', { priority: 'P3' }],
      [at('11:00:00'), 'status_changed', status('solved')],
    );
    expect(run(list, byPriority, at('12:00:00')).clock('resolution')).toMatchObject({
      state: 'met',
      target_s: 4 * HOUR,
      breach_at: null,
      breached: false,
      elapsed_business_s: 3 * HOUR,
    });
    // Still open at 10:00: not breached, due at 12:00 under the new target.
    expect(run(list.slice(0, 2), byPriority, at('10:00:00')).clock('resolution')).toMatchObject({
      state: 'running',
      breach_at: at('12:00:00'),
      breached: false,
    });
  });

  it('the event that stops a clock cannot change its verdict', () => {
    // Priority P1 arrives on the solving event itself: the P3 target stays final.
    const result = run(
      events(
        [at('08:00:00'), 'created', { priority: 'P3' }],
        [at('10:00:00'), 'status_changed', { ...status('solved'), priority: 'P1' }],
      ),
      byPriority,
      at('12:00:00'),
    );
    expect(result.clock('resolution')).toMatchObject({
      state: 'met',
      target_s: 4 * HOUR,
      rule_id: 'p3',
    });
  });

  it('a metric without a target is timed but never breaches or warns', () => {
    const slaPolicy = policy({ rules: [{ id: 'all', targets: { first_response: '1h' } }] });
    const result = run(events([at('08:00:00'), 'created']), slaPolicy, '2026-03-09T00:00:00Z');
    expect(result.clock('resolution')).toMatchObject({
      state: 'running',
      target_s: null,
      breach_at: null,
      warn_at: null,
      breached: false,
      elapsed_business_s: 7 * 24 * HOUR - 8 * HOUR,
    });
  });

  it('a zero target breaches at the start', () => {
    const slaPolicy = policy({ rules: [{ id: 'all', targets: { resolution: 0 } }] });
    const list = events([at('08:00:00'), 'created']);
    expect(run(list, slaPolicy, at('08:00:00')).clock('resolution')).toMatchObject({
      breach_at: at('08:00:00'),
      warn_at: at('08:00:00'),
      breached: false,
    });
    expect(run(list, slaPolicy, at('08:00:01')).clock('resolution').breached).toBe(true);
  });
});
