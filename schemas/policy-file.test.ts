import { describe, expect, it } from 'vitest';
import {
  parsePolicyJson,
  parsePolicyYaml,
  POLICY_MAX_BYTES,
  type PolicyIssue,
} from './policy-file.ts';

// Line numbers in the golden cases below count from the first line of each text.
const FULL_POLICY = `
description: 2026 contract
calendars:
  - id: office
    time_zone: Europe/Berlin
    weekly:
      - { day: mon, start: '08:00', end: '12:00' }
      - { day: mon, start: '13:00', end: '18:00' }
      - { day: fri, start: '08:00', end: '16:00' }
    holidays: ['2026-12-25', '2026-12-26']
  - id: night
    time_zone: America/New_York
    weekly:
      - { day: sun, start: '22:00', end: '06:00' }
status_map:
  Waiting for customer: pending
  Waiting for vendor: on_hold
rules:
  - id: vip
    match:
      priority: [P1, P2]
      queue: network
      channel: phone
      organization: Board
      attributes: { region: [emea, apac] }
    calendar: office
    targets: { first_response: 15m, next_response: 1h30m, resolution: 2d 4h }
    pause_statuses: [on_hold]
    warn_pct: 50
    on_reopen: restart
  - id: nights
    calendar: night
    targets: { resolution: 3600 }
`;

function issueOf(text: string): PolicyIssue | undefined {
  const result = parsePolicyYaml(text);
  return result.ok ? undefined : result.issue;
}

const RULE = `rules:\n  - id: all\n    targets: { resolution: 4h }\n`;

describe('parsePolicyYaml', () => {
  it('reads a full policy, with durations in seconds and defaults filled in', () => {
    const result = parsePolicyYaml(FULL_POLICY);
    if (!result.ok) throw new Error(JSON.stringify(result.issue));
    const [vip, nights] = result.policy.rules;
    expect(vip).toEqual({
      id: 'vip',
      match: {
        priority: ['P1', 'P2'],
        queue: ['network'],
        channel: ['phone'],
        organization: ['Board'],
        attributes: { region: ['emea', 'apac'] },
      },
      calendar: 'office',
      targets: { first_response: 900, next_response: 5400, resolution: 187_200 },
      pause_statuses: ['on_hold'],
      warn_pct: 50,
      on_reopen: 'restart',
    });
    expect(nights).toEqual({
      id: 'nights',
      match: {},
      calendar: 'night',
      targets: { resolution: 3600 },
      pause_statuses: ['pending', 'on_hold'],
      warn_pct: 75,
      on_reopen: 'continue',
    });
    expect(result.policy.calendars[0]?.holidays).toEqual(['2026-12-25', '2026-12-26']);
    expect(result.policy.status_map).toEqual({
      'Waiting for customer': 'pending',
      'Waiting for vendor': 'on_hold',
    });
  });

  it('reads times and dates as strings whatever the %YAML directive says', () => {
    const text = `%YAML 1.1\n---\ncalendars:\n  - id: c\n    time_zone: UTC\n    weekly: [{ day: mon, start: 08:00, end: 09:30 }]\n    holidays: [2026-01-01]\nrules:\n  - { id: r, calendar: c, targets: { resolution: 1h } }\n`;
    const result = parsePolicyYaml(text);
    expect(result.ok && result.policy.calendars[0]).toMatchObject({
      weekly: [{ start: '08:00', end: '09:30' }],
      holidays: ['2026-01-01'],
    });
  });

  // Golden messages: what a policy author reads, with the place to look.
  it.each<[string, string, PolicyIssue]>([
    [
      'a bad duration',
      `rules:\n  - id: a\n    targets: { resolution: 4h }\n  - id: b\n    targets: { resolution: 8h }\n  - id: c\n    targets:\n      first_response: 1h\n      resolution: 4 hourz\n`,
      {
        path: 'rules[2].targets.resolution',
        message: '"4 hourz" is not a duration (use e.g. 30m, 4h, 1h30m, 2d or whole seconds)',
        line: 9,
        column: 19,
      },
    ],
    [
      'an unknown calendar',
      `rules:\n  - id: a\n    calendar: office\n    targets: { resolution: 4h }\n`,
      {
        path: 'rules[0].calendar',
        message: 'unknown calendar "office" (define it under calendars, or use 24x7)',
        line: 3,
        column: 15,
      },
    ],
    [
      'an unknown time zone',
      `calendars:\n  - id: office\n    time_zone: Europe/Berlinn\n    weekly: [{ day: mon, start: '08:00', end: '18:00' }]\n${RULE}`,
      {
        path: 'calendars[0].time_zone',
        message: 'unknown time zone "Europe/Berlinn"',
        line: 3,
        column: 16,
      },
    ],
    [
      'overlapping intervals',
      `calendars:\n  - id: office\n    time_zone: UTC\n    weekly:\n      - { day: mon, start: '08:00', end: '12:00' }\n      - { day: mon, start: '11:00', end: '13:00' }\n${RULE}`,
      {
        path: 'calendars[0].weekly[1]',
        message: 'mon 11:00–13:00 overlaps weekly[0] (mon 08:00–12:00)',
        line: 6,
        column: 9,
      },
    ],
    [
      'an interval crossing midnight into the next day’s interval',
      `calendars:\n  - id: night\n    time_zone: UTC\n    weekly:\n      - { day: mon, start: '22:00', end: '06:00' }\n      - { day: tue, start: '05:00', end: '07:00' }\n${RULE}`,
      {
        path: 'calendars[0].weekly[1]',
        message: 'tue 05:00–07:00 overlaps weekly[0] (mon 22:00–06:00)',
        line: 6,
        column: 9,
      },
    ],
    [
      'duplicate rule ids',
      `rules:\n  - id: p1\n    targets: { resolution: 4h }\n  - id: p1\n    targets: { resolution: 8h }\n`,
      { path: 'rules[1].id', message: 'rule "p1" is defined twice', line: 4, column: 9 },
    ],
    [
      'a pause status that stops the clock',
      `rules:\n  - id: a\n    targets: { resolution: 4h }\n    pause_statuses: [pending, solved]\n`,
      {
        path: 'rules[0].pause_statuses[1]',
        message: '"solved" stops the clock and cannot pause it',
        line: 4,
        column: 31,
      },
    ],
    [
      'an unknown field, pointed at by its key',
      `rules:\n  - id: a\n    targets: { resolution: 4h }\n    warn_percent: 80\n`,
      { path: 'rules[0].warn_percent', message: 'unknown field', line: 4, column: 5 },
    ],
    [
      'a status mapped to no category',
      `status_map:\n  In progress: open\n  Waiting on customer: waiting\n${RULE}`,
      {
        path: 'status_map["Waiting on customer"]',
        message:
          '"waiting" is not a status category (use new, open, pending, on_hold, solved or closed)',
        line: 3,
        column: 24,
      },
    ],
    [
      'empty rules',
      `status_map: {}\nrules: []\n`,
      { path: 'rules', message: 'must have at least one rule', line: 2, column: 8 },
    ],
    [
      'no rules at all (pointed at the parent)',
      `description: nothing else\n`,
      { path: 'rules', message: 'is required', line: 1, column: 1 },
    ],
    [
      'a rule without targets',
      `rules:\n  - id: a\n    calendar: 24x7\n`,
      { path: 'rules[0].targets', message: 'is required', line: 2, column: 5 },
    ],
    [
      'a warn_pct that is not a whole percentage',
      `rules:\n  - id: a\n    targets: { resolution: 4h }\n    warn_pct: 75.5\n`,
      { path: 'rules[0].warn_pct', message: 'must be a whole percentage', line: 4, column: 15 },
    ],
    [
      'a duplicate key',
      `status_map:\n  Resolved: solved\n  Resolved: closed\n${RULE}`,
      {
        path: 'status_map.Resolved',
        message: 'duplicate key: each key may appear only once',
        line: 3,
        column: 3,
      },
    ],
    [
      'a YAML syntax error',
      `rules:\n  - id: a\n    targets: { resolution: 4h\n  - id: b\n`,
      {
        path: 'rules',
        message:
          'invalid YAML: Flow map in block collection must be sufficiently indented and end with a }',
        line: 4,
        column: 3,
      },
    ],
    [
      'a list instead of a mapping',
      `- id: a\n  targets: { resolution: 4h }\n`,
      {
        path: '',
        message: 'a policy must be a mapping (calendars, status_map, rules), not a list',
        line: 1,
        column: 1,
      },
    ],
    [
      'a scalar document',
      `just some text\n`,
      {
        path: '',
        message: 'a policy must be a mapping (calendars, status_map, rules), not a string',
        line: 1,
        column: 1,
      },
    ],
    [
      'an empty document',
      `# nothing here\n`,
      { path: '', message: 'the policy is empty: it needs at least rules' },
    ],
    [
      'two documents',
      `${RULE}---\n${RULE}`,
      {
        path: '',
        message: 'a policy is one YAML document: remove the "---" and what follows it',
        line: 4,
        column: 1,
      },
    ],
    [
      'an alias bomb',
      `x: &a [1, 2, 3, 4, 5, 6, 7, 8]\ny: &b [*a, *a, *a, *a, *a, *a, *a, *a]\nz: [*b, *b, *b, *b, *b, *b, *b, *b]\n${RULE}`,
      {
        path: 'y[0]',
        message: 'YAML aliases expand more than 50 times: write the repeated parts out',
        line: 2,
        column: 8,
      },
    ],
    [
      'a __proto__ key',
      `status_map:\n  __proto__: open\n${RULE}`,
      { path: 'status_map.__proto__', message: 'is not allowed as a key', line: 2, column: 3 },
    ],
    [
      'an unknown tag',
      `rules:\n  - id: !secret a\n    targets: { resolution: 4h }\n`,
      {
        path: 'rules[0].id',
        message: 'invalid YAML: Unresolved tag: !secret',
        line: 2,
        column: 9,
      },
    ],
  ])('refuses %s', (_name, text, expected) => {
    expect(issueOf(text)).toEqual(expected);
  });

  it('allows a few aliases, e.g. one set of office hours shared by two calendars', () => {
    const text = `calendars:\n  - { id: berlin, time_zone: Europe/Berlin, weekly: &hours [{ day: mon, start: '08:00', end: '18:00' }] }\n  - { id: paris, time_zone: Europe/Paris, weekly: *hours }\n${RULE}`;
    expect(issueOf(text)).toBeUndefined();
  });

  it('refuses more than 1 MiB before parsing', () => {
    const big = `description: "${'x'.repeat(POLICY_MAX_BYTES)}"\n${RULE}`;
    expect(issueOf(big)).toEqual({
      path: '',
      message: `the policy is ${Buffer.byteLength(big)} bytes; the limit is 1 MiB`,
    });
  });

  // Deep nesting costs the parser time and stack per level (and an exhausted
  // stack can abort the process), so it is refused from the tokens alone.
  it.each([
    ['flow brackets', '['.repeat(200_000)],
    ['indented sequences', Array.from({ length: 200 }, (_, i) => `${' '.repeat(i)}- `).join('\n')],
    ['compact sequences', '- '.repeat(100_000)],
    ['maps in flow sequences', '[a: '.repeat(50_000)],
    [
      'nesting between comment lines',
      Array.from({ length: 200 }, (_, i) => `${' '.repeat(i)}a:\n# a comment`).join('\n'),
    ],
  ])('refuses nesting deeper than 64 levels (%s) before parsing', (_name, text) => {
    expect(issueOf(text)).toMatchObject({
      path: '',
      message: 'nests deeper than 64 levels; a policy needs far fewer',
      line: expect.any(Number) as number,
    });
  });

  it('refuses lists and maps of more than 10,000 entries, and finds a repeated key among many', () => {
    const statuses = (n: number): string =>
      Array.from({ length: n }, (_, i) => `  s${i}: open`).join('\n');
    expect(issueOf(`status_map:\n${statuses(10_001)}\n${RULE}`)).toEqual({
      path: 'status_map',
      message: 'has 10001 entries; at most 10000 are allowed',
      line: 2,
      column: 3,
    });
    expect(issueOf(`status_map:\n${statuses(9_000)}\n  s5: closed\n${RULE}`)).toEqual({
      path: 'status_map.s5',
      message: 'duplicate key: each key may appear only once',
      line: 9_002,
      column: 3,
    });
  });
});

describe('parsePolicyJson', () => {
  it('reads the same policy as JSON', () => {
    const yaml = parsePolicyYaml(FULL_POLICY);
    if (!yaml.ok) throw new Error('the full policy must parse');
    expect(parsePolicyJson(JSON.parse(JSON.stringify(yaml.policy)))).toEqual(yaml);
  });

  it('locates problems by path only', () => {
    expect(parsePolicyJson({ rules: [{ id: 'a', targets: { resolution: '4 hourz' } }] })).toEqual({
      ok: false,
      issue: {
        path: 'rules[0].targets.resolution',
        message: '"4 hourz" is not a duration (use e.g. 30m, 4h, 1h30m, 2d or whole seconds)',
      },
    });
    expect(parsePolicyJson(JSON.parse('{"rules":[],"status_map":{"__proto__":"open"}}'))).toEqual({
      ok: false,
      issue: { path: 'status_map.__proto__', message: 'is not allowed as a key' },
    });
    expect(parsePolicyJson([1])).toEqual({
      ok: false,
      issue: {
        path: '',
        message: 'a policy must be a mapping (calendars, status_map, rules), not a list',
      },
    });
  });
});

describe('the slos section', () => {
  const SLOS = `${RULE}slos:
  - name: crash-free-days
    description: devices get through the day
    objective: 99%
    window: 28d
    sli: { kind: crash_free_device_days }
  - name: fast-boots
    objective: 0.95
    window: 7d
    sli: { kind: boot_duration, under: 60s }
  - name: p1-first-response
    objective: 95%
    window: 30d
    sli:
      kind: sla_attainment
      metric: first_response
      priority: P1
`;

  it('is read beside the SLA policy, which it leaves as it was', () => {
    const result = parsePolicyYaml(SLOS);
    if (!result.ok) throw new Error(JSON.stringify(result.issue));
    const without = parsePolicyYaml(RULE);
    expect(without.ok && without.policy).toEqual(result.policy);
    expect(without.ok && without.slos).toEqual([]);
    expect(result.slos).toEqual([
      {
        name: 'crash-free-days',
        description: 'devices get through the day',
        objective: 0.99,
        window: '28d',
        sli: { kind: 'crash_free_device_days' },
      },
      {
        name: 'fast-boots',
        objective: 0.95,
        window: '7d',
        sli: { kind: 'boot_duration', under: 60 },
      },
      {
        name: 'p1-first-response',
        objective: 0.95,
        window: '30d',
        sli: { kind: 'sla_attainment', metric: 'first_response', priority: ['P1'] },
      },
    ]);
  });

  it('may be present but empty (every example commented out)', () => {
    const result = parsePolicyYaml(`${RULE}slos:\n  # - name: later\n`);
    expect(result.ok && result.slos).toEqual([]);
  });

  it.each<[string, string, PolicyIssue]>([
    [
      'an objective of 100 %',
      SLOS.replace('objective: 0.95', 'objective: 100%'),
      {
        path: 'slos[1].objective',
        message:
          '"100%" is not an objective: use a percentage such as 99.9% or a fraction such as 0.999, above 0 and below 1',
        line: 11,
        column: 16,
      },
    ],
    [
      'an unknown SLI kind',
      SLOS.replace('kind: crash_free_device_days', 'kind: crash_free_days'),
      {
        path: 'slos[0].sli.kind',
        message:
          'must be one of crash_free_device_days, boot_duration, sla_attainment, clean_shutdowns',
        line: 9,
        column: 18,
      },
    ],
    [
      'a missing threshold (pointed at its SLI)',
      SLOS.replace(', under: 60s', ''),
      { path: 'slos[1].sli.under', message: 'is required', line: 13, column: 10 },
    ],
    [
      'an SLO name given twice',
      SLOS.replace('name: fast-boots', 'name: crash-free-days'),
      {
        path: 'slos[1].name',
        message: 'SLO "crash-free-days" is defined twice',
        line: 10,
        column: 11,
      },
    ],
    [
      'an unknown field',
      SLOS.replace('    window: 30d\n', '    window: 30d\n    target: 95%\n'),
      { path: 'slos[2].target', message: 'unknown field', line: 17, column: 5 },
    ],
    [
      'slos that are not a list',
      `${RULE}slos: { name: a }\n`,
      { path: 'slos', message: 'must be a list of SLOs (- name: …)', line: 4, column: 7 },
    ],
  ])('refuses %s, located', (_name, text, expected) => {
    expect(issueOf(text)).toEqual(expected);
  });

  it('reports the SLA policy’s faults first, and is checked from JSON too', () => {
    const text = SLOS.replace('resolution: 4h', 'resolution: soon').replace('99%', '199%');
    expect(issueOf(text)?.path).toBe('rules[0].targets.resolution');
    const json = { rules: [{ id: 'a', targets: {} }], slos: [{ name: 'x', window: '7d' }] };
    expect(parsePolicyJson(json)).toEqual({
      ok: false,
      issue: { path: 'slos[0].objective', message: 'is required' },
    });
  });
});
