export { loadMigrations, MIGRATIONS_DIR } from './load.ts';
export type { MigrationFile } from './load.ts';
export { renderStatement, splitStatements } from './render.ts';
export type { DdlTarget } from './render.ts';
export { bookkeepingStatements, migrate, renderMigration } from './runner.ts';
export type { MigrationResult } from './runner.ts';
