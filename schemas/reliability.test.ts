import { describe, expect, it } from 'vitest';
import { issueOf } from './issues.ts';
import {
  RELIABILITY_ROUTES,
  deviceTicketsQuerySchema,
  reliabilityJsonSchemas,
  reliabilityMetricsQuerySchema,
  reliabilityScoresQuerySchema,
  silentDevicesQuerySchema,
} from './reliability.ts';

const RANGE = { from: '2026-03-02T00:00:00Z', to: '2026-03-03T00:00:00+01:00' };

describe('reliability query parameters', () => {
  it('parses instants, lists and defaults', () => {
    const query = reliabilityMetricsQuerySchema.parse({
      ...RANGE,
      group_by: 'site, model',
      model: 'Latitude 5440,ThinkPad T14',
    });
    expect(query).toEqual({
      from: Date.parse('2026-03-02T00:00:00Z'),
      to: Date.parse('2026-03-02T23:00:00Z'),
      interval: 'none',
      group_by: ['site', 'model'],
      model: ['Latitude 5440', 'ThinkPad T14'],
    });
    expect(reliabilityScoresQuerySchema.parse(RANGE)).toMatchObject({
      entity: 'device',
      limit: 100,
    });
    expect(silentDevicesQuerySchema.parse({})).toEqual({ hours: 24, limit: 1000 });
    expect(silentDevicesQuerySchema.parse({ hours: '1.5' }).hours).toBe(1.5);
    expect(deviceTicketsQuerySchema.parse({ ...RANGE, limit: '5' }).limit).toBe(5);
  });

  it('names the field at fault', () => {
    const cases: [unknown, string][] = [
      [{ ...RANGE, from: 'yesterday' }, 'from'],
      [{ ...RANGE, to: RANGE.from }, 'to'],
      [{ ...RANGE, group_by: 'model,tenant' }, 'group_by[1]'],
      [{ ...RANGE, interval: 'minute' }, 'interval'],
      [{ ...RANGE, model: 'a,,b' }, 'model[1]'],
      [{ ...RANGE, tenant: 'other' }, 'tenant'],
      [{ ...RANGE, from: '1970-01-01T00:00:00Z' }, 'from'],
      // 2 years of hours: 17,520 buckets > 10,000.
      [{ ...RANGE, to: '2028-03-02T00:00:00Z', interval: 'hour' }, 'to'],
    ];
    for (const [params, path] of cases) {
      expect(issueOf(reliabilityMetricsQuerySchema, params), JSON.stringify(params)).toMatchObject({
        path,
      });
    }
    expect(issueOf(reliabilityScoresQuerySchema, { ...RANGE, entity: 'ticket' })).toMatchObject({
      path: 'entity',
    });
    expect(issueOf(silentDevicesQuerySchema, { hours: '0' })).toMatchObject({ path: 'hours' });
    expect(issueOf(silentDevicesQuerySchema, { app: 'Outlook' })).toMatchObject({ path: 'app' });
    expect(issueOf(deviceTicketsQuerySchema, { ...RANGE, limit: '0' })).toMatchObject({
      path: 'limit',
    });
  });

  it('allows long ranges without buckets and counts month buckets generously', () => {
    const tenYears = { from: '2020-01-01T00:00:00Z', to: '2030-01-01T00:00:00Z' };
    expect(issueOf(reliabilityMetricsQuerySchema, tenYears)).toBeUndefined();
    expect(issueOf(reliabilityMetricsQuerySchema, { ...tenYears, interval: 'month' })).toBe(
      undefined,
    );
  });
});

describe('reliability contracts for OpenAPI', () => {
  it('gives every route a named JSON Schema response', () => {
    const schemas = reliabilityJsonSchemas();
    const names = Object.values(RELIABILITY_ROUTES).map(({ response: [name] }) => name);
    expect(Object.keys(schemas)).toEqual(names);
    const metrics = schemas['ReliabilityMetricsResponse'] as {
      properties: { rows: { items: { properties: Record<string, unknown> } } };
    };
    expect(Object.keys(metrics.properties.rows.items.properties)).toContain(
      'app_failures_per_1000h',
    );
    for (const { path } of Object.values(RELIABILITY_ROUTES)) {
      expect(path).toMatch(/^\/v1\/reliability\//);
    }
  });
});
