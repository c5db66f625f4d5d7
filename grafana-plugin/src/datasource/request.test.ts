import { describe, expect, it } from 'vitest';

import { autoBucket, buildParams, buildRequestBody, ianaTimeZone, wantsArrow } from './request';
import type { RequestContext } from './request';
import { CATALOGUE, FROM_MS, TO_MS } from './testing/fixtures';
import type { CatalogueEntry, DeskpulseQuery, QueryParams } from './types';

const VARIABLES: Record<string, string[]> = {
  $queue: ['L1', 'L2'],
  $priority: ['p1'],
  $all: ['*'],
  $empty: [],
  $limit: ['5000'],
};

/** Replaces whole-value variables as Grafana's csv format does. */
const interpolate = (text: string) => VARIABLES[text]?.join(',') ?? text;

function entry(name: string): CatalogueEntry {
  const found = CATALOGUE.queries.find((candidate) => candidate.name === name);
  if (found === undefined) {
    throw new Error(name);
  }
  return found;
}

function query(queryName: string, params: QueryParams): DeskpulseQuery {
  return { refId: 'A', queryName, params };
}

const context: RequestContext = {
  interpolate,
  range: { from: FROM_MS, to: TO_MS },
  intervalMs: 600_000,
  timezone: 'Europe/Paris',
};

describe('buildParams', () => {
  it('fills from/to from the panel range for range queries only', () => {
    expect(
      buildParams(query('sla.attainment', {}), entry('sla.attainment'), context),
    ).toMatchObject({ from: FROM_MS, to: TO_MS });
    expect(buildParams(query('sla.live', {}), entry('sla.live'), context)).toEqual({});
  });

  it('lets the panel range win over from/to saved in the query', () => {
    const params = buildParams(
      query('sla.attainment', { from: '2020-01-01T00:00:00Z' }),
      entry('sla.attainment'),
      context,
    );
    expect(params['from']).toBe(FROM_MS);
  });

  it('interpolates strings as csv and lists item by item', () => {
    const params = buildParams(
      query('sla.live', { queue: '$queue', priority: ['$priority', 'p2', 'p1'] }),
      entry('sla.live'),
      context,
    );
    expect(params).toEqual({ queue: 'L1,L2', priority: ['p1', 'p2'] });
  });

  it('leaves out parameters that are All, empty or blank', () => {
    const params = buildParams(
      query('sla.live', { queue: '$all', priority: ['$empty'] }),
      entry('sla.live'),
      context,
    );
    expect(params).toEqual({});
    expect(buildParams(query('sla.live', { queue: ' ' }), entry('sla.live'), context)).toEqual({});
  });

  it('types interpolated numbers and booleans by the parameter schema', () => {
    const params = buildParams(
      query('sla.breach_risk', { limit: '$limit', include_breached: 'true', queue: '42' }),
      entry('sla.breach_risk'),
      context,
    );
    expect(params).toEqual({ limit: 5000, include_breached: true, queue: '42' });
  });

  it("resolves interval 'auto' from the panel resolution within the allowed buckets", () => {
    const sla = buildParams(
      query('sla.attainment', { interval: 'auto' }),
      entry('sla.attainment'),
      {
        ...context,
        intervalMs: 2 * 86_400_000,
      },
    );
    expect(sla['interval']).toBe('week');
    const reliability = buildParams(
      query('reliability.metrics', { bucket: 'auto' }),
      entry('reliability.metrics'),
      { ...context, intervalMs: 9 * 86_400_000 },
    );
    expect(reliability['bucket']).toBe('month');
  });

  it('keeps an explicit interval and fills tz only where the query takes one', () => {
    const params = buildParams(
      query('sla.attainment', { interval: 'day' }),
      entry('sla.attainment'),
      context,
    );
    expect(params).toMatchObject({ interval: 'day', tz: 'Europe/Paris' });
    expect(
      buildParams(query('sla.attainment', { tz: 'Asia/Tokyo' }), entry('sla.attainment'), context)[
        'tz'
      ],
    ).toBe('Asia/Tokyo');
    expect(buildParams(query('sla.live', {}), entry('sla.live'), context)['tz']).toBeUndefined();
  });

  it('sends the query unchanged apart from interpolation when the catalogue lacks it', () => {
    const body = buildRequestBody(query('sla.unknown', { queue: '$queue' }), undefined, context);
    expect(body).toEqual({ query: 'sla.unknown', params: { queue: 'L1,L2' }, refId: 'A' });
  });
});

describe('autoBucket', () => {
  const sla = ['hour', 'day', 'week'];
  it('picks the finest bucket at least as long as the resolution', () => {
    expect(autoBucket(1_000, sla)).toBe('hour');
    expect(autoBucket(3_600_000, sla)).toBe('hour');
    expect(autoBucket(3_600_001, sla)).toBe('day');
    expect(autoBucket(30 * 86_400_000, sla)).toBe('week');
    expect(autoBucket(3_600_001, ['none', 'week'])).toBe('week');
  });
});

describe('wantsArrow', () => {
  it('asks for Arrow for large queries and for more than 1000 rows', () => {
    expect(wantsArrow(entry('sla.breach_risk'), {})).toBe(true);
    expect(wantsArrow(entry('sla.live'), {})).toBe(false);
    expect(wantsArrow(entry('sla.live'), { limit: 1000 })).toBe(false);
    expect(wantsArrow(entry('sla.live'), { limit: '1001' })).toBe(true);
    expect(wantsArrow(undefined, { limit: 'many' })).toBe(false);
  });
});

describe('ianaTimeZone', () => {
  it('turns Grafana time zones into IANA names and drops unknown ones', () => {
    expect(ianaTimeZone('utc')).toBe('UTC');
    expect(ianaTimeZone('Europe/Berlin')).toBe('Europe/Berlin');
    expect(ianaTimeZone('browser')).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone);
    expect(ianaTimeZone('Not/AZone')).toBeUndefined();
    expect(ianaTimeZone('')).toBeUndefined();
    expect(ianaTimeZone(undefined)).toBeUndefined();
  });
});
