import { describe, expect, it } from 'vitest';
import { catalogueResponseSchema } from '../schemas/query.ts';
import { NAMED_QUERIES, QUERY_NAMES, catalogue, namedQuery } from './registry.ts';

/*
 * The frame fields each query publishes, as the shared contract
 * (.scratch/query-contract.md) lists them: [x] only with that parameter.
 */
const CONTRACT: Record<string, string> = {
  'sla.attainment':
    'bucket:time metric [priority] [queue] measured met breached cancelled untargeted attainment_pct:percent timed elapsed_p50_s:s elapsed_p90_s:s elapsed_p95_s:s',
  'sla.attainment_summary':
    'priority metric measured met breached attainment_pct:percent target_pct:percent budget_breaches_allowed budget_remaining_pct:percent',
  'sla.response_percentiles': 'bucket:time metric [priority] [queue] timed p50_s:s p90_s:s p95_s:s',
  'sla.live': 'metric priority queue running paused at_warning breached',
  'sla.breach_risk':
    'ticket_id metric cycle state priority queue rule_id breach_at:time warn_at:time seconds_left:s breach_probability',
  'sla.backlog': 'status category age [priority] [queue] tickets',
  'sla.satisfaction':
    'bucket:time [priority] [queue] solved reopened first_contact rated satisfied pct_satisfied:percent avg_score response_rate:percent first_contact_pct:percent reopen_pct:percent',
  'sla.satisfaction_distribution': 'score responses',
  'slo.status':
    'name kind objective_pct:percent window sli_good sli_total sli_pct:percent budget_allowed budget_bad budget_remaining_pct:percent burn_1h burn_6h burn_1d burn_3d status',
  'variables.values': 'text value',
};

/** A query's fields in the contract's notation: `name[:time|:unit]`, optional ones in brackets. */
function notation(name: string): string {
  return namedQuery(name)
    .fields.map((field) => {
      const suffix =
        field.type === 'time' ? ':time' : field.unit === undefined ? '' : `:${field.unit}`;
      return field.optional ? `[${field.name}${suffix}]` : `${field.name}${suffix}`;
    })
    .join(' ');
}

describe('the registry', () => {
  it('holds the contract’s queries', () => {
    expect(QUERY_NAMES).toEqual([
      'sla.attainment',
      'sla.attainment_summary',
      'sla.response_percentiles',
      'sla.live',
      'sla.breach_risk',
      'sla.backlog',
      'sla.satisfaction',
      'sla.satisfaction_distribution',
      'reliability.metrics',
      'reliability.scores',
      'reliability.silent_devices',
      'reliability.tickets',
      'slo.status',
      'variables.values',
    ]);
  });

  it.each(Object.entries(CONTRACT))('%s has the contract’s fields', (name, fields) => {
    expect(notation(name)).toBe(fields);
  });

  it('publishes the reliability rows flattened, instants as time', () => {
    expect(notation('reliability.silent_devices')).toBe(
      'device_id model site os os_version agent_version last_seen:time hours_silent:h',
    );
    expect(notation('reliability.tickets')).toBe(
      '[device_id] [model] [site] [os_version] [app] tickets devices tickets_per_100_devices',
    );
    expect(notation('reliability.metrics').split(' ').slice(0, 8)).toEqual([
      '[bucket:time]',
      '[device_id]',
      '[model]',
      '[site]',
      '[os_version]',
      '[app]',
      'devices',
      'usage_hours:h',
    ]);
    expect(notation('reliability.scores')).toContain('score reason devices');
  });

  it('flags ranges and large answers', () => {
    const flags = Object.fromEntries(
      NAMED_QUERIES.map((q) => [
        q.name,
        `${q.catalogue.range ? 'range' : '-'} ${q.catalogue.large ? 'large' : '-'}`,
      ]),
    );
    expect(flags).toMatchObject({
      'sla.attainment': 'range -',
      'sla.live': '- -',
      'sla.breach_risk': '- large',
      'sla.satisfaction_distribution': 'range -',
      'reliability.scores': 'range large',
      'reliability.silent_devices': '- large',
      'slo.status': '- -',
      'variables.values': '- -',
    });
  });
});

describe('the catalogue', () => {
  const entries = new Map(catalogue().queries.map((entry) => [entry.name, entry]));
  const propertiesOf = (name: string) =>
    (entries.get(name)?.params['properties'] ?? {}) as Record<string, Record<string, unknown>>;

  it('matches its published contract', () => {
    expect(() => catalogueResponseSchema.parse(catalogue())).not.toThrow();
    expect(entries.get('sla.live')?.fields[0]).toEqual({ name: 'metric', type: 'string' });
  });

  it('describes lists, instants and booleans as a JSON body may send them', () => {
    const attainment = propertiesOf('sla.attainment');
    expect(attainment['group_by']?.['anyOf']).toEqual([
      { type: 'string' },
      { type: 'array', items: { type: 'string', enum: ['priority', 'queue'] } },
    ]);
    expect(attainment['from']?.['anyOf']).toEqual([
      { type: 'string', format: 'date-time' },
      { type: 'integer', description: 'epoch milliseconds' },
    ]);
    expect(attainment['interval']).toMatchObject({
      enum: ['hour', 'day', 'week'],
      default: 'hour',
    });
    expect(entries.get('sla.attainment')?.params['required']).toEqual(['from', 'to']);
    expect(propertiesOf('sla.breach_risk')['include_breached']).toMatchObject({ type: 'boolean' });
    expect(propertiesOf('sla.breach_risk')['limit']).toMatchObject({ maximum: 10_000 });
    expect(propertiesOf('sla.response_percentiles')['metric']).toMatchObject({
      default: 'first_response',
    });
    expect(propertiesOf('variables.values')['variable']).toMatchObject({
      enum: ['queue', 'priority', 'site', 'model', 'os_version', 'app', 'metric', 'slo'],
    });
  });

  it('leaves from/to optional where a default range applies', () => {
    expect(entries.get('reliability.scores')?.params).not.toHaveProperty('required');
    expect(entries.get('sla.satisfaction_distribution')?.params['required']).toEqual([
      'from',
      'to',
    ]);
  });
});
