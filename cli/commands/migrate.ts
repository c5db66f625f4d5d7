import type { Config } from '../../schemas/config.ts';
import { createLogger } from '../logger.ts';
import { openMigratedStore } from '../runtime.ts';

/** `deskpulse migrate`: applies pending migrations and the retention settings. */
export async function migrateCommand(config: Config): Promise<void> {
  const logger = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
  const store = await openMigratedStore(config, logger);
  try {
    const result = await store.client.query({
      query: `SELECT id, name, applied_at FROM ${store.table('schema_migrations')} FINAL ORDER BY id`,
      format: 'JSONEachRow',
    });
    const rows = await result.json<{ id: string; name: string; applied_at: string }>();
    process.stdout.write(
      `${store.location}: database ${store.database} is at migration ${rows.at(-1)?.id ?? 'none'}\n`,
    );
    for (const row of rows)
      process.stdout.write(`  ${row.id}_${row.name}  applied ${row.applied_at} UTC\n`);
  } finally {
    await store.close();
  }
}
