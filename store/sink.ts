import type { RawTable } from './tables.ts';

/**
 * Where batches of rows go: ClickHouse, or a test double that slows or fails.
 * `ndjson` is JSONEachRow, one row per line, already validated and serialised.
 */
export interface InsertSink {
  insert(table: RawTable, ndjson: Buffer): Promise<void>;
}
