import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../store/client.ts';
import {
  bookkeepingStatements,
  loadMigrations,
  migrate,
  MIGRATIONS_DIR,
  renderMigration,
} from '../../store/migrations/index.ts';
import { applyRetention } from '../../store/retention.ts';
import { migratedStore, queryRows, tempDir } from '../helpers/store.ts';

let store: Store;

beforeAll(async () => {
  store = await migratedStore();
});

afterAll(async () => {
  await store.close();
});

describe('migrations on the embedded engine', () => {
  it('applies every migration once, in order, and records it', async () => {
    const rows = await queryRows<{ id: string }>(
      store,
      `SELECT id FROM deskpulse.schema_migrations FINAL ORDER BY id`,
    );
    const files = await loadMigrations();
    expect(rows.map((r) => r.id)).toEqual(files.map((f) => f.id));
    const tables = await queryRows<{ name: string }>(
      store,
      `SELECT name FROM system.tables WHERE database = 'deskpulse' ORDER BY name`,
    );
    expect(tables.map((t) => t.name)).toEqual(
      expect.arrayContaining([
        'ticket_events',
        'endpoint_samples',
        'endpoint_events',
        'devices',
        'devices_mv',
        'devices_latest',
        'api_keys',
      ]),
    );
  });

  it('is safe to run twice', async () => {
    const again = await migrate(store.client, { database: 'deskpulse' });
    expect(again.applied).toEqual([]);
    expect(again.alreadyApplied).toHaveLength((await loadMigrations()).length);
  });

  it('refuses to run when an applied migration was edited', async () => {
    const dir = tempDir('deskpulse-migrations-');
    cpSync(MIGRATIONS_DIR, dir, { recursive: true });
    const file = join(dir, '0003_api_keys.sql');
    writeFileSync(file, `${readFileSync(file, 'utf8')}\n-- an innocent-looking edit\n`);
    await expect(
      migrate(store.client, { database: 'deskpulse' }, await loadMigrations(dir)),
    ).rejects.toMatchObject({
      code: 'MIGRATION_CHECKSUM_MISMATCH',
      message: expect.stringContaining('0003_api_keys') as string,
    });
  });

  it('applies a new migration after the recorded ones', async () => {
    const dir = tempDir('deskpulse-migrations-');
    cpSync(MIGRATIONS_DIR, dir, { recursive: true });
    writeFileSync(
      join(dir, '9999_probe.sql'),
      'CREATE TABLE IF NOT EXISTS {{local probe}} {{on_cluster}} (x UInt8) ENGINE = {{engine MergeTree()}} ORDER BY x;\n',
    );
    const result = await migrate(
      store.client,
      { database: 'deskpulse' },
      await loadMigrations(dir),
    );
    expect(result.applied).toEqual(['9999_probe']);
  });

  it('a failing statement is MIGRATION_FAILED, names the migration, and records nothing', async () => {
    const dir = tempDir('deskpulse-migrations-');
    cpSync(MIGRATIONS_DIR, dir, { recursive: true });
    writeFileSync(
      join(dir, '9998_broken.sql'),
      'CREATE TABLE {{local broken}} (x UInt8) ENGINE = NoSuchEngine;\n',
    );
    await expect(
      migrate(store.client, { database: 'deskpulse' }, await loadMigrations(dir)),
    ).rejects.toMatchObject({
      code: 'MIGRATION_FAILED',
      message: expect.stringContaining('9998_broken') as string,
    });
    const rows = await queryRows(
      store,
      `SELECT id FROM deskpulse.schema_migrations WHERE id = '9998'`,
    );
    expect(rows).toEqual([]);
  });

  it('renders cluster DDL that ClickHouse parses: ON CLUSTER, Replicated engines, Distributed by tenant', async () => {
    const target = { database: 'deskpulse', cluster: 'deskpulse_cluster' };
    const statements = [
      ...bookkeepingStatements(target),
      ...(await loadMigrations()).flatMap((m) => renderMigration(m, target)),
    ];
    for (const statement of statements) {
      const [row] = await queryRows<{ f: string }>(store, 'SELECT formatQuery({q:String}) AS f', {
        q: statement,
      });
      expect(row?.f, statement).toContain('ON CLUSTER deskpulse_cluster');
    }
    const text = statements.join('\n');
    for (const table of ['ticket_events', 'endpoint_samples', 'endpoint_events', 'devices']) {
      expect(text).toContain(
        `CREATE TABLE IF NOT EXISTS deskpulse.${table}_local ON CLUSTER deskpulse_cluster`,
      );
      expect(text).toContain(
        `ENGINE = Distributed(deskpulse_cluster, deskpulse, ${table}_local, sipHash64(tenant))`,
      );
    }
    expect(text).toContain(
      "ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/{database}/{table}', '{replica}', ingested_at)",
    );
    expect(text).toContain(
      "ReplicatedReplacingMergeTree('/clickhouse/tables/all/{database}/{table}', '{replica}', updated_at)",
    );
    expect(text).not.toMatch(/\{\{/);
  });

  it('rejects malformed SQL through the same parser (the check is real)', async () => {
    await expect(
      queryRows(store, 'SELECT formatQuery({q:String})', {
        q: 'CREATE TABLE x ON CLUSTER c (a Strin',
      }),
    ).rejects.toThrow(/Syntax error/);
  });

  it('sets, changes and removes the telemetry and rollup TTLs from configuration', async () => {
    const ttl = async (name: string): Promise<string> =>
      (
        await queryRows<{ q: string }>(
          store,
          `SELECT create_table_query AS q FROM system.tables WHERE database = 'deskpulse' AND name = {n:String}`,
          { n: name },
        )
      )[0]?.q ?? '';
    const defaults = {
      samplesDays: 90,
      endpointEventsDays: 730,
      hourlyRollupDays: 90,
      dailyRollupDays: 1825,
    };
    expect(await applyRetention(store, defaults)).toHaveLength(7);
    expect(await ttl('endpoint_samples')).toContain(
      'TTL toDateTime(occurred_at) + toIntervalDay(90)',
    );
    expect(await ttl('reliability_device_hourly')).toContain('TTL hour + toIntervalDay(90)');
    expect(await ttl('reliability_events_daily')).toContain('TTL day + toIntervalDay(1825)');
    expect(await ttl('device_power')).toContain('TTL toDateTime(at) + toIntervalDay(1825)');
    expect(await applyRetention(store, defaults)).toEqual([]);
    await applyRetention(store, { ...defaults, samplesDays: 30, endpointEventsDays: 0 });
    expect(await ttl('endpoint_samples')).toContain('toIntervalDay(30)');
    expect(await ttl('endpoint_events')).not.toContain(' TTL ');
  });
});
