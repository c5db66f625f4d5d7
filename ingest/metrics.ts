import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { RawTable } from '../store/tables.ts';

export type IngestStream = 'tickets' | 'telemetry';

/** Live numbers the gauges read at scrape time. */
export interface WriterGaugeSource {
  readonly stats: {
    queueBytes: number;
    inflightBytes: number;
    spoolBytes: number;
    mode: 'direct' | 'spooling';
  };
}

/** The Prometheus metrics of the ingest path, on a registry of their own. */
export class IngestMetrics {
  readonly registry = new Registry();
  readonly accepted: Counter<'stream'>;
  readonly rejected: Counter<'stream'>;
  readonly requests: Counter<'route' | 'status'>;
  readonly flushSeconds: Histogram<'table'>;
  readonly flushedRows: Counter<'table'>;
  readonly insertErrors: Counter<'table'>;
  readonly spooledBytes: Counter<'table'>;
  readonly replayedBytes: Counter<'table'>;

  constructor(writer: () => WriterGaugeSource | undefined) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: 'deskpulse_' });
    this.accepted = new Counter({
      name: 'deskpulse_ingest_events_accepted_total',
      help: 'Events made durable, by stream',
      labelNames: ['stream'],
      registers,
    });
    this.rejected = new Counter({
      name: 'deskpulse_ingest_events_rejected_total',
      help: 'Lines rejected by validation, by stream',
      labelNames: ['stream'],
      registers,
    });
    this.requests = new Counter({
      name: 'deskpulse_http_requests_total',
      help: 'HTTP requests by route and status code',
      labelNames: ['route', 'status'],
      registers,
    });
    this.flushSeconds = new Histogram({
      name: 'deskpulse_writer_flush_duration_seconds',
      help: 'Time to insert one batch into ClickHouse',
      labelNames: ['table'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.flushedRows = new Counter({
      name: 'deskpulse_writer_rows_inserted_total',
      help: 'Rows inserted into ClickHouse by the batch writer',
      labelNames: ['table'],
      registers,
    });
    this.insertErrors = new Counter({
      name: 'deskpulse_writer_insert_errors_total',
      help: 'Failed inserts into ClickHouse (the batch went to the spool)',
      labelNames: ['table'],
      registers,
    });
    this.spooledBytes = new Counter({
      name: 'deskpulse_spool_appended_bytes_total',
      help: 'Bytes written to the local spool',
      labelNames: ['table'],
      registers,
    });
    this.replayedBytes = new Counter({
      name: 'deskpulse_spool_replayed_bytes_total',
      help: 'Spooled bytes replayed into ClickHouse',
      labelNames: ['table'],
      registers,
    });
    const gauge = (
      name: string,
      help: string,
      read: (s: WriterGaugeSource['stats']) => number,
    ): void => {
      new Gauge({
        name,
        help,
        registers,
        collect() {
          const stats = writer()?.stats;
          if (stats !== undefined) this.set(read(stats));
        },
      });
    };
    gauge(
      'deskpulse_writer_queue_bytes',
      'Bytes waiting in memory for an insert',
      (s) => s.queueBytes,
    );
    gauge(
      'deskpulse_writer_inflight_bytes',
      'Bytes being inserted right now',
      (s) => s.inflightBytes,
    );
    gauge(
      'deskpulse_spool_bytes',
      'Bytes in the local spool not yet in ClickHouse',
      (s) => s.spoolBytes,
    );
    gauge(
      'deskpulse_writer_spooling',
      '1 while writes go to the spool instead of ClickHouse',
      (s) => (s.mode === 'spooling' ? 1 : 0),
    );
  }

  /** The observer the batch writer reports to. */
  writerObserver(): {
    onFlush(table: RawTable, rows: number, bytes: number, seconds: number): void;
    onInsertError(table: RawTable, error: unknown): void;
    onSpooled(table: RawTable, bytes: number): void;
    onReplayed(table: RawTable, bytes: number): void;
  } {
    return {
      onFlush: (table, rows, _bytes, seconds) => {
        this.flushSeconds.observe({ table }, seconds);
        this.flushedRows.inc({ table }, rows);
      },
      onInsertError: (table) => {
        this.insertErrors.inc({ table });
      },
      onSpooled: (table, bytes) => {
        this.spooledBytes.inc({ table }, bytes);
      },
      onReplayed: (table, bytes) => {
        this.replayedBytes.inc({ table }, bytes);
      },
    };
  }
}
