import { DeskpulseError } from '../../schemas/errors.ts';

/** How DDL is laid out: one node, or a cluster of replicated shards. */
export interface DdlTarget {
  database: string;
  cluster?: string | undefined;
}

const MACRO = /\{\{\s*(\w+)(?:\s+([^}]*?))?\s*\}\}/g;
const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;
const ENGINE_CALL = /^(\w+MergeTree)\((.*)\)$/s;

function ident(name: string | undefined, macro: string): string {
  if (name === undefined || !IDENT.test(name)) {
    throw new DeskpulseError(
      'MIGRATION_FAILED',
      `{{${macro}}} needs a plain table name, got "${name ?? ''}"`,
    );
  }
  return name;
}

function replicatedEngine(call: string, zkPath: string): string {
  const match = ENGINE_CALL.exec(call.trim());
  if (match === null) {
    throw new DeskpulseError(
      'MIGRATION_FAILED',
      `cannot make "${call}" replicated: expected Name(args)`,
    );
  }
  const [, engine = '', args = ''] = match;
  const replicaArgs = `'${zkPath}', '{replica}'`;
  return `Replicated${engine}(${args.trim() === '' ? replicaArgs : `${replicaArgs}, ${args}`})`;
}

/**
 * Expands the macros of a migration statement for a target:
 * - `{{db}}`: the database;
 * - `{{on_cluster}}`: `ON CLUSTER name` on a cluster, nothing otherwise;
 * - `{{local T}}`: the table holding a shard's rows (`db.T_local` on a cluster);
 * - `{{table T}}`: the table queries use (`db.T`; Distributed on a cluster);
 * - `{{engine E(args)}}`: E, or its Replicated form with a per-shard path;
 * - `{{engine_unsharded E(args)}}`: E, or its Replicated form with one path for all shards;
 * - `{{distributed T key}}`: on a cluster, the Distributed table over `T_local`
 *   sharded by key; on one node the statement is dropped.
 * Returns null when the statement vanishes for this target.
 */
export function renderStatement(statement: string, target: DdlTarget): string | null {
  const { database: db, cluster } = target;
  if (cluster === undefined && /^\{\{\s*distributed\b/.test(statement.trim())) return null;
  const out = statement.replace(MACRO, (_all, name: string, arg: string | undefined) => {
    switch (name) {
      case 'db':
        return db;
      case 'on_cluster':
        return cluster === undefined ? '' : `ON CLUSTER ${cluster}`;
      case 'local':
        return `${db}.${ident(arg, name)}${cluster === undefined ? '' : '_local'}`;
      case 'table':
        return `${db}.${ident(arg, name)}`;
      case 'engine':
        return cluster === undefined
          ? (arg ?? '')
          : replicatedEngine(arg ?? '', '/clickhouse/tables/{shard}/{database}/{table}');
      case 'engine_unsharded':
        return cluster === undefined
          ? (arg ?? '')
          : replicatedEngine(arg ?? '', '/clickhouse/tables/all/{database}/{table}');
      case 'distributed': {
        const [table, ...key] = (arg ?? '').split(/\s+/);
        const name_ = ident(table, name);
        if (cluster === undefined) {
          throw new DeskpulseError(
            'MIGRATION_FAILED',
            '{{distributed}} must be a statement of its own',
          );
        }
        return (
          `CREATE TABLE IF NOT EXISTS ${db}.${name_} ON CLUSTER ${cluster} AS ${db}.${name_}_local ` +
          `ENGINE = Distributed(${cluster}, ${db}, ${name_}_local, ${key.join(' ')})`
        );
      }
      default:
        throw new DeskpulseError('MIGRATION_FAILED', `unknown migration macro {{${name}}}`);
    }
  });
  return out.replace(/[ \t]+\n/g, '\n').trim();
}

/** Splits a migration file into statements: each ends with `;` at the end of a line. */
export function splitStatements(sql: string): string[] {
  const withoutComments = sql
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('--'))
    .join('\n');
  return withoutComments
    .split(/;[ \t]*(?:\n|$)/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}
