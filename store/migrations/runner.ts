import type { ClickHouseClient } from '@clickhouse/client';
import { DeskpulseError } from '../../schemas/errors.ts';
import { loadMigrations, type MigrationFile } from './load.ts';
import { renderStatement, splitStatements, type DdlTarget } from './render.ts';

export interface MigrationResult {
  applied: string[];
  alreadyApplied: string[];
}

interface AppliedRow {
  id: string;
  name: string;
  checksum: string;
}

/** Every statement of a migration, rendered for the target, in order. */
export function renderMigration(migration: MigrationFile, target: DdlTarget): string[] {
  return splitStatements(migration.sql)
    .map((statement) => renderStatement(statement, target))
    .filter((statement): statement is string => statement !== null);
}

/** The bookkeeping DDL the runner needs before any migration. */
export function bookkeepingStatements(target: DdlTarget): string[] {
  return [
    'CREATE DATABASE IF NOT EXISTS {{db}} {{on_cluster}}',
    `CREATE TABLE IF NOT EXISTS {{table schema_migrations}} {{on_cluster}}
     (id String, name String, checksum String, applied_at DateTime64(3, 'UTC') DEFAULT now64(3))
     ENGINE = {{engine_unsharded ReplacingMergeTree(applied_at)}}
     ORDER BY id`,
  ].map((sql) => renderStatement(sql, target) ?? '');
}

async function appliedMigrations(
  client: ClickHouseClient,
  table: string,
): Promise<Map<string, AppliedRow>> {
  const result = await client.query({
    query: `SELECT id, argMax(name, applied_at) AS name, argMax(checksum, applied_at) AS checksum FROM ${table} GROUP BY id`,
    format: 'JSONEachRow',
  });
  const rows = await result.json<AppliedRow>();
  return new Map(rows.map((row) => [row.id, row]));
}

/**
 * Applies the migrations that have not run yet, in order, each recorded in
 * `schema_migrations` after all its statements succeeded. Statements are
 * idempotent (IF NOT EXISTS), so a run cut short is completed by the next.
 * An applied migration whose file changed stops everything: history must not
 * be rewritten.
 */
export async function migrate(
  client: ClickHouseClient,
  target: DdlTarget,
  migrations?: MigrationFile[],
): Promise<MigrationResult> {
  const files = migrations ?? (await loadMigrations());
  for (const statement of bookkeepingStatements(target)) {
    await client.command({ query: statement });
  }
  const table = `${target.database}.schema_migrations`;
  const applied = await appliedMigrations(client, table);
  const result: MigrationResult = { applied: [], alreadyApplied: [] };
  for (const migration of files) {
    const label = `${migration.id}_${migration.name}`;
    const previous = applied.get(migration.id);
    if (previous !== undefined) {
      if (previous.checksum !== migration.checksum) {
        throw new DeskpulseError(
          'MIGRATION_CHECKSUM_MISMATCH',
          `migration ${label} was applied with checksum ${previous.checksum.slice(0, 12)}… but the file now has ${migration.checksum.slice(0, 12)}…: restore the file and put the change in a new migration`,
          { migration: label },
        );
      }
      result.alreadyApplied.push(label);
      continue;
    }
    for (const statement of renderMigration(migration, target)) {
      try {
        await client.command({ query: statement });
      } catch (error) {
        throw new DeskpulseError(
          'MIGRATION_FAILED',
          `migration ${label} failed: ${error instanceof Error ? error.message : String(error)}`,
          { migration: label, statement },
          { cause: error },
        );
      }
    }
    await client.insert({
      table,
      values: [{ id: migration.id, name: migration.name, checksum: migration.checksum }],
      format: 'JSONEachRow',
    });
    result.applied.push(label);
  }
  return result;
}
