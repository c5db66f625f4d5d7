import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** Prometheus metrics of the SLA engine, on the process's registry. */
export class SlaMetrics {
  readonly runs: Counter<'kind' | 'outcome'>;
  readonly runSeconds: Histogram<'kind'>;
  readonly ticketsComputed: Counter;
  readonly poisoned: Counter<'reason'>;
  readonly lagSeconds: Gauge<'tenant'>;

  constructor(registry: Registry) {
    const registers = [registry];
    this.runs = new Counter({
      name: 'deskpulse_sla_runs_total',
      help: 'SLA recompute runs, by kind (full, incremental) and outcome',
      labelNames: ['kind', 'outcome'],
      registers,
    });
    this.runSeconds = new Histogram({
      name: 'deskpulse_sla_run_duration_seconds',
      help: 'Duration of one SLA recompute run',
      labelNames: ['kind'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120],
      registers,
    });
    this.ticketsComputed = new Counter({
      name: 'deskpulse_sla_tickets_recomputed_total',
      help: 'Tickets whose clocks were recomputed',
      registers,
    });
    this.poisoned = new Counter({
      name: 'deskpulse_sla_tickets_poisoned_total',
      help: 'Tickets skipped because they could not be computed, by reason',
      labelNames: ['reason'],
      registers,
    });
    this.lagSeconds = new Gauge({
      name: 'deskpulse_sla_watermark_lag_seconds',
      help: 'How far the SLA clocks lag behind ingestion, per tenant',
      labelNames: ['tenant'],
      registers,
    });
  }
}
