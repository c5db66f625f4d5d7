import { describe, expect, it } from 'vitest';
import { namedQuery } from './registry.ts';
import { queryStringsOf, snapMs } from './params.ts';

const FROM = '2026-03-02T00:00:00Z';
const TO = '2026-03-03T00:00:00Z';
const NOW = Date.parse('2026-03-02T12:00:00Z');

function errorOf(run: () => unknown): { code?: string; message?: string; details?: unknown } {
  try {
    run();
  } catch (error) {
    return error as { code: string; message: string; details: unknown };
  }
  throw new Error('expected an error');
}

describe('JSON parameters as query-string text', () => {
  it('joins lists, prints numbers and booleans, and turns epoch ms into RFC 3339', () => {
    expect(
      queryStringsOf(
        {
          priority: ['P1', 'P2'],
          limit: 5000,
          include_breached: true,
          from: Date.parse(FROM),
          to: String(Date.parse(TO)),
          tz: 'Europe/Berlin',
        },
        0,
      ),
    ).toEqual({
      priority: 'P1,P2',
      limit: '5000',
      include_breached: 'true',
      from: '2026-03-02T00:00:00.000Z',
      to: '2026-03-03T00:00:00.000Z',
      tz: 'Europe/Berlin',
    });
  });

  it('snaps from/to down to the cache bucket and leaves bad instants for the contract', () => {
    expect(
      queryStringsOf({ from: '2026-03-02T10:00:01.999+01:00', to: 'yesterday', version: 2 }, 2_000),
    ).toEqual({ from: '2026-03-02T09:00:00.000Z', to: 'yesterday', version: '2' });
    expect(snapMs(5_999, 2_000)).toBe(4_000);
    expect(snapMs(5_999, 0)).toBe(5_999);
  });
});

describe('prepare: parse, normalise, key', () => {
  const attainment = namedQuery('sla.attainment');

  it('gives equal keys to the same question asked differently', () => {
    const a = attainment.prepare(
      { from: FROM, to: TO, priority: 'P1, P2', group_by: ['queue'] },
      NOW,
      2_000,
    );
    const b = attainment.prepare(
      {
        group_by: 'queue',
        priority: ['P1', 'P2'],
        to: Date.parse(TO) + 1_500,
        from: Date.parse(FROM) + 999,
        interval: 'hour',
      },
      NOW,
      2_000,
    );
    expect(a.key).toBe(b.key);
    expect(a.fields.map((f) => f.name).slice(0, 3)).toEqual(['bucket', 'metric', 'queue']);
    const other = attainment.prepare({ from: FROM, to: TO, priority: 'P1' }, NOW, 2_000);
    expect(other.key).not.toBe(a.key);
  });

  it('applies a query’s own defaults and fills default ranges from now', () => {
    const percentiles = namedQuery('sla.response_percentiles').prepare(
      { from: FROM, to: TO },
      NOW,
      2_000,
    );
    expect(JSON.parse(percentiles.key)).toMatchObject({ metric: ['first_response'] });
    const scores = namedQuery('reliability.scores').prepare({}, NOW, 2_000);
    expect(JSON.parse(scores.key)).toMatchObject({
      from: NOW - 30 * 86_400_000,
      to: NOW,
      entity: 'device',
    });
    expect(scores.fields.map((f) => f.name).slice(0, 5)).toEqual([
      'device_id',
      'model',
      'site',
      'os_version',
      'score',
    ]);
  });

  it('refuses bad parameters with INVALID_QUERY located under params', () => {
    const cases: [string, Record<string, string | number | boolean | string[]>, string][] = [
      ['sla.attainment', { from: 'yesterday', to: TO }, 'params.from'],
      ['sla.attainment', { from: TO, to: FROM }, 'params.to'],
      [
        'sla.attainment',
        { from: FROM, to: TO, group_by: ['priority', 'tenant'] },
        'params.group_by[1]',
      ],
      ['sla.live', { tenant: 'other' }, 'params.tenant'],
      ['sla.breach_risk', { limit: 10_001 }, 'params.limit'],
      ['variables.values', { variable: 'password' }, 'params.variable'],
      ['variables.values', {}, 'params.variable'],
    ];
    for (const [name, params, path] of cases) {
      const error = errorOf(() => namedQuery(name).prepare(params, NOW, 2_000));
      expect(error, `${name} ${JSON.stringify(params)}`).toMatchObject({
        code: 'INVALID_QUERY',
        details: { path },
      });
      expect(error.message).toMatch(new RegExp(`^${path.replace(/[[\]]/g, '\\$&')}: `));
    }
  });

  it('allows up to 10,000 breach-risk rows', () => {
    const prepared = namedQuery('sla.breach_risk').prepare({ limit: 10_000 }, NOW, 2_000);
    expect(JSON.parse(prepared.key)).toMatchObject({ limit: 10_000, include_breached: false });
  });

  it('knows every name, and says which when asked for another', () => {
    expect(errorOf(() => namedQuery('sla.nope'))).toMatchObject({
      code: 'UNKNOWN_QUERY',
      details: { known: expect.arrayContaining(['sla.attainment', 'variables.values']) as unknown },
    });
  });
});
