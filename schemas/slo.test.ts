import { describe, expect, it } from 'vitest';
import { issueOf } from './issues.ts';
import {
  sloDefinitionSchema,
  sloJsonSchemas,
  sloListSchema,
  sloQuerySchema,
  type SloDefinitionInput,
} from './slo.ts';

const base: SloDefinitionInput = {
  name: 'crash-free',
  objective: '99%',
  window: '28d',
  sli: { kind: 'crash_free_device_days' },
};

describe('an SLO definition', () => {
  it.each<[string | number, number]>([
    ['99%', 0.99],
    ['99.9%', 0.999],
    [' 95 % ', 0.95],
    ['99.99%', 0.9999],
    [0.999, 0.999],
    [0.5, 0.5],
    ['0.995', 0.995],
  ])('takes the objective %j as %d', (objective, fraction) => {
    expect(sloDefinitionSchema.parse({ ...base, objective }).objective).toBe(fraction);
  });

  it.each([['100%'], ['0%'], [1], [0], [99], ['high'], ['99'], [-0.5]])(
    'refuses the objective %j',
    (objective) => {
      expect(issueOf(sloDefinitionSchema, { ...base, objective })).toEqual({
        path: 'objective',
        message: `${JSON.stringify(objective)} is not an objective: use a percentage such as 99.9% or a fraction such as 0.999, above 0 and below 1`,
      });
    },
  );

  it('reads each SLI kind, with thresholds in seconds and filters as lists', () => {
    const parse = (sli: unknown) => sloDefinitionSchema.parse({ ...base, sli }).sli;
    expect(parse({ kind: 'boot_duration', under: '60s' })).toEqual({
      kind: 'boot_duration',
      under: 60,
    });
    expect(parse({ kind: 'boot_duration', under: '1m30s' })).toMatchObject({ under: 90 });
    expect(parse({ kind: 'boot_duration', under: 45.5 })).toMatchObject({ under: 45.5 });
    expect(
      parse({ kind: 'sla_attainment', metric: 'first_response', priority: 'P1', queue: ['a'] }),
    ).toEqual({ kind: 'sla_attainment', metric: 'first_response', priority: ['P1'], queue: ['a'] });
    expect(parse({ kind: 'clean_shutdowns' })).toEqual({ kind: 'clean_shutdowns' });
  });

  it.each<[string, unknown, { path: string; message: string }]>([
    [
      'an unknown kind',
      { kind: 'uptime' },
      {
        path: 'sli.kind',
        message:
          'must be one of crash_free_device_days, boot_duration, sla_attainment, clean_shutdowns',
      },
    ],
    [
      'a bare kind',
      'boot_duration',
      { path: 'sli', message: 'must be a mapping such as { kind: crash_free_device_days }' },
    ],
    [
      'a threshold that is no duration',
      { kind: 'boot_duration', under: 'fast' },
      {
        path: 'sli.under',
        message:
          '"fast" is not a boot-time threshold (use e.g. 60s, 2m or seconds, above 0 and at most 1 day)',
      },
    ],
    [
      'a field of another kind',
      { kind: 'crash_free_device_days', under: '60s' },
      { path: 'sli.under', message: 'unknown field' },
    ],
    [
      'an unknown SLA metric',
      { kind: 'sla_attainment', metric: 'resolved' },
      {
        path: 'sli.metric',
        message: 'Invalid option: expected one of "first_response"|"next_response"|"resolution"',
      },
    ],
  ])('refuses %s', (_name, sli, expected) => {
    expect(issueOf(sloDefinitionSchema, { ...base, sli })).toEqual(expected);
  });

  it('refuses other windows and names that are not plain identifiers', () => {
    expect(issueOf(sloDefinitionSchema, { ...base, window: '14d' })).toEqual({
      path: 'window',
      message: '"14d" is not an SLO window (use 7d, 28d, 30d)',
    });
    expect(issueOf(sloDefinitionSchema, { ...base, name: 'crash free' })).toMatchObject({
      path: 'name',
    });
  });
});

describe('the SLO list', () => {
  it('is empty when absent or left empty, and refuses a name given twice', () => {
    expect(sloListSchema.parse(null)).toEqual([]);
    expect(sloListSchema.parse([])).toEqual([]);
    expect(issueOf(sloListSchema, [base, { ...base, objective: 0.9 }])).toEqual({
      path: '[1].name',
      message: 'SLO "crash-free" is defined twice',
    });
    expect(issueOf(sloListSchema, 'crash-free')).toEqual({
      path: '',
      message: 'must be a list of SLOs (- name: …)',
    });
  });
});

describe('GET /v1/slos contracts', () => {
  it('takes a comma-separated name filter', () => {
    expect(sloQuerySchema.parse({ name: 'a, b' })).toEqual({ name: ['a', 'b'] });
    expect(sloQuerySchema.parse({})).toEqual({});
    expect(issueOf(sloQuerySchema, { names: 'a' })).toMatchObject({ message: 'unknown field' });
  });

  it('has a JSON Schema for the answer', () => {
    const schemas = sloJsonSchemas();
    expect(Object.keys(schemas)).toEqual(['SloStatusResponse']);
    expect(schemas['SloStatusResponse']).toMatchObject({
      type: 'object',
      required: expect.arrayContaining(['tenant', 'as_of', 'slos']) as string[],
    });
  });
});
