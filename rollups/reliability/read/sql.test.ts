import { describe, expect, it } from 'vitest';
import type { Store } from '../../../store/client.ts';
import {
  bucketSql,
  deviceFilterSql,
  groupColumns,
  inventoryJoin,
  rowKey,
  scopeParams,
} from './sql.ts';

const store = { table: (name: string) => `deskpulse.${name}` } as unknown as Store;

describe('reliability SQL pieces', () => {
  it('takes group columns from the whitelist, in its order', () => {
    expect(groupColumns(['app', 'device', 'site'])).toEqual(['device_id', 'site', 'app']);
    expect(groupColumns([])).toEqual([]);
  });

  it('joins inventory only when a group or filter needs it', () => {
    expect(inventoryJoin(store, ['device_id', 'app'], { device: ['A'] })).toBe('');
    // Grouping keeps devices without inventory (LEFT); an inventory filter drops them (INNER).
    expect(inventoryJoin(store, ['model'], {})).toMatch(/^\s*LEFT JOIN/);
    const filtered = inventoryJoin(store, [], { site: ["Berlin'; DROP TABLE x; --"] });
    expect(filtered).toMatch(/^\s*INNER JOIN/);
    expect(filtered).toContain('site IN {site:Array(String)}');
  });

  it('passes every value as a parameter, never as SQL text', () => {
    const evil = "x') OR 1=1 --";
    const filters = { device: [evil], model: [evil], app: [evil] };
    const sql = deviceFilterSql(filters) + inventoryJoin(store, ['model'], filters);
    expect(sql).not.toContain(evil);
    const plan = {
      fromMs: Date.parse('2026-03-02T00:00:00Z'),
      toMs: Date.parse('2026-03-03T00:00:00Z'),
    };
    expect(scopeParams('t', plan, filters)).toEqual({
      tenant: 't',
      from_s: 1772409600,
      to_s: 1772496000,
      device: [evil],
      model: [evil],
      app: [evil],
    });
  });

  it('buckets in UTC', () => {
    expect(bucketSql('week', 'unit_start')).toBe(
      "toUnixTimestamp(toDateTime(toMonday(unit_start), 'UTC'))",
    );
    expect(bucketSql('none', 'unit_start')).toBe('toInt64({from_s:Int64})');
    expect(rowKey(60, { site: 'Berlin', app: 'x' }, ['model', 'site'])).toBe('[60,"","Berlin"]');
  });
});
