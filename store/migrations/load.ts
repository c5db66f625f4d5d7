import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { DeskpulseError } from '../../schemas/errors.ts';

export interface MigrationFile {
  /** The numeric prefix, e.g. "0001". */
  id: string;
  name: string;
  sql: string;
  /** SHA-256 of the file as written; an applied migration must never change. */
  checksum: string;
}

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../schemas/migrations/', import.meta.url));

const FILE_NAME = /^(\d{4})_([a-z0-9_]+)\.sql$/;

/** Reads the migration files in order of their numeric prefix. */
export async function loadMigrations(dir = MIGRATIONS_DIR): Promise<MigrationFile[]> {
  const names = (await readdir(dir)).filter((n) => n.endsWith('.sql')).sort();
  const files: MigrationFile[] = [];
  for (const file of names) {
    const match = FILE_NAME.exec(file);
    if (match === null) {
      throw new DeskpulseError(
        'MIGRATION_FAILED',
        `migration file name "${file}" is not NNNN_name.sql`,
      );
    }
    const [, id = '', name = ''] = match;
    if (files.some((f) => f.id === id)) {
      throw new DeskpulseError('MIGRATION_FAILED', `two migrations share the number ${id}`);
    }
    const sql = await readFile(`${dir}/${file}`, 'utf8');
    files.push({ id, name, sql, checksum: createHash('sha256').update(sql).digest('hex') });
  }
  return files;
}
