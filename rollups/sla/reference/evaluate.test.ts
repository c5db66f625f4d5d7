import { describe, expect, it } from 'vitest';
import { HOUR, at, basic, events, policy, run, status } from './fixtures.ts';

// docs/sla.md, one rule per test; 24x7 unless said otherwise. 2026-03-02 is a Monday.
describe('§5–6 breach, warning and state', () => {
  it('a paused clock has no breach_at unless it is already over', () => {
    const paused = (target: string) =>
      run(
        events([at('08:00:00'), 'created'], [at('09:00:00'), 'status_changed', status('pending')]),
        policy({ rules: [{ id: 'all', targets: { resolution: target } }] }),
        at('12:00:00'),
      ).clock('resolution');
    expect(paused('2h')).toMatchObject({ state: 'paused', breach_at: null, breached: false });
    expect(paused('30m')).toMatchObject({
      state: 'paused',
      breach_at: at('08:30:00'),
      breached: true,
    });
  });

  it('warn_at uses floor(target × warn_pct / 100) and is kept for a stopped clock only if reached', () => {
    const slaPolicy = policy({
      rules: [{ id: 'all', targets: { resolution: 3601 }, warn_pct: 50 }],
    });
    const list = (solved: string) =>
      events([at('08:00:00'), 'created'], [at(solved), 'status_changed', status('solved')]);
    const open = run(list('09:00:00').slice(0, 1), slaPolicy, at('08:10:00')).clock('resolution');
    // floor(3601 × 50 / 100) = 1800.
    expect(open).toMatchObject({ warn_at: at('08:30:00'), breach_at: at('09:00:01') });
    expect(run(list('08:20:00'), slaPolicy, at('10:00:00')).clock('resolution').warn_at).toBeNull();
    expect(run(list('08:30:00'), slaPolicy, at('10:00:00')).clock('resolution').warn_at).toBeNull();
    expect(run(list('08:45:00'), slaPolicy, at('10:00:00')).clock('resolution')).toMatchObject({
      state: 'met',
      warn_at: at('08:30:00'),
      breach_at: null,
    });
  });

  it('running clocks are evaluated at nowMs (truncated to the second)', () => {
    const list = events([at('08:00:00'), 'created']);
    expect(run(list, basic, at('09:00:00.999')).clock('resolution')).toMatchObject({
      state: 'running',
      elapsed_business_s: HOUR,
      elapsed_wall_s: HOUR,
      breach_at: at('12:00:00'),
      breached: false,
    });
    expect(run(list, basic, at('12:00:00.999')).clock('resolution').breached).toBe(false);
    expect(run(list, basic, at('12:00:01')).clock('resolution')).toMatchObject({
      state: 'running',
      breached: true,
    });
  });

  it('now before the last event: the open segment is empty, never negative', () => {
    const result = run(
      events([at('08:00:00'), 'created'], [at('10:00:00'), 'status_changed', status('open')]),
      basic,
      at('09:00:00'),
    );
    expect(result.clock('resolution')).toMatchObject({
      elapsed_business_s: 2 * HOUR,
      elapsed_wall_s: 2 * HOUR,
    });
  });

  it('business time comes from each segment’s own calendar', () => {
    const slaPolicy = policy({
      calendars: [
        {
          id: 'office',
          time_zone: 'UTC',
          weekly: (['mon', 'tue', 'wed', 'thu', 'fri'] as const).map((day) => ({
            day,
            start: '09:00',
            end: '17:00',
          })),
        },
      ],
      rules: [
        { id: 'p1', match: { priority: 'P1' }, targets: { resolution: '4h' } },
        { id: 'rest', targets: { resolution: '8h' }, calendar: 'office' },
      ],
    });
    const result = run(
      events(
        [at('06:00:00'), 'created', { priority: 'P3' }],
        [at('10:00:00'), 'priority_changed', { priority: 'P1' }],
      ),
      slaPolicy,
      at('11:00:00'),
    );
    // 06:00–10:00 on the office calendar is 1 h; 10:00–11:00 on 24x7 is 1 h.
    expect(result.clock('resolution')).toMatchObject({
      elapsed_business_s: 2 * HOUR,
      calendar_id: '24x7',
      breach_at: at('13:00:00'),
    });
  });
});
