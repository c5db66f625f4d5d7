import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configSchema, type Config } from '../../schemas/config.ts';
import type { Store } from '../../store/client.ts';
import { openMigratedStore } from '../../cli/runtime.ts';
import { pino } from 'pino';

/** A fresh directory under the OS temp dir, for one test file's data. */
export function tempDir(prefix = 'deskpulse-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/**
 * Configuration for a test: defaults, a fresh data directory, quiet logs, and
 * telemetry kept forever so fixtures with fixed (past) timestamps are stored.
 */
export function testConfig(overrides: Partial<Config> = {}): Config {
  const base = configSchema.parse({
    dataDir: tempDir(),
    logLevel: 'silent',
    retention: { samplesDays: 0, endpointEventsDays: 0, hourlyRollupDays: 0, dailyRollupDays: 0 },
  });
  return { ...base, ...overrides };
}

/**
 * An embedded store with the schema applied. chDB is one engine per process,
 * so a test file opens one store and separates its cases by tenant.
 */
export function migratedStore(config: Config = testConfig()): Promise<Store> {
  return openMigratedStore(config, pino({ level: 'silent' }));
}

export async function queryRows<T>(
  store: Store,
  query: string,
  params: Record<string, unknown> = {},
): Promise<T[]> {
  const result = await store.client.query({
    query,
    query_params: params,
    format: 'JSONEachRow',
    clickhouse_settings: { output_format_json_quote_64bit_integers: 0 },
  });
  return result.json<T>();
}
