import { describe, expect, it } from 'vitest';
import { HOUR, MINUTE, at, byPriority, events, policy, run, status } from './fixtures.ts';

// docs/sla.md, one rule per test; 24x7 unless said otherwise. 2026-03-02 is a Monday.
describe('explain', () => {
  it('lists at most 200 intervals per segment and counts the rest', () => {
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
      rules: [{ id: 'all', targets: { resolution: '4h' }, calendar: 'office' }],
    });
    const result = run(events([at('08:00:00'), 'created']), slaPolicy, '2027-03-02T08:00:00Z');
    const segment = result.explain.clocks.at(-1)?.segments[0];
    expect(segment?.intervals).toHaveLength(200);
    expect(segment?.intervals[0]).toEqual([at('09:00:00'), at('17:00:00')]);
    expect(segment?.truncated).toBe(261 - 200);
  });

  it('records roles, target changes and rule notes per event', () => {
    const result = run(
      events(
        [at('08:00:00'), 'created', { priority: 'P3' }],
        [at('09:00:00'), 'status_changed', status('pending')],
        [at('10:00:00'), 'priority_changed', { priority: 'P1' }],
      ),
      byPriority,
      at('10:30:00'),
    );
    expect(result.explain.timeline[1]?.roles).toEqual({
      first_response: { cycle: 1, role: 'run' },
      next_response: null,
      resolution: { cycle: 1, role: 'pause' },
    });
    expect(result.explain.timeline[2]?.notes).toEqual(
      expect.arrayContaining([
        'rule in force changes p3 → p1',
        'target of resolution cycle 1 changes 4h → 1h (1h already elapsed: over from here)',
      ]),
    );
    const resolution = result.explain.clocks.find((c) => c.metric === 'resolution');
    expect(resolution?.target_changes).toEqual([
      {
        at: at('10:00:00'),
        event_id: 'e03',
        rule_id: 'p1',
        from_s: 4 * HOUR,
        to_s: HOUR,
        elapsed_s: HOUR,
      },
    ]);
    expect(resolution?.pauses).toEqual([
      { from: at('09:00:00'), to: at('10:30:00'), business_s: 90 * MINUTE },
    ]);
  });
});
