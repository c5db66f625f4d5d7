import type { InsertSink } from '../../store/sink.ts';
import type { RawTable } from '../../store/tables.ts';

export type SinkMode = { kind: 'ok' } | { kind: 'fail' } | { kind: 'slow'; ms: number };

/**
 * Wraps the real ClickHouse sink so a test can make the store fail or crawl,
 * and records what reached ClickHouse, in order.
 */
export class FaultySink implements InsertSink {
  mode: SinkMode = { kind: 'ok' };
  readonly committed: { table: RawTable; ndjson: Buffer }[] = [];
  failures = 0;

  constructor(private readonly inner: InsertSink) {}

  async insert(table: RawTable, ndjson: Buffer): Promise<void> {
    const mode = this.mode;
    if (mode.kind === 'fail') {
      this.failures++;
      throw new Error('injected: ClickHouse unreachable');
    }
    if (mode.kind === 'slow') await new Promise((r) => setTimeout(r, mode.ms));
    await this.inner.insert(table, ndjson);
    this.committed.push({ table, ndjson });
  }
}
