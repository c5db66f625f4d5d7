import type { Logger } from 'pino';
import type { Store } from '../../../store/client.ts';
import type { SlaMetrics } from './metrics.ts';

export type PoisonReason = 'too_many_events' | 'compute_failed';

/** Records a ticket the engine skips: a row to query, a metric to alert on, a log line. */
export class PoisonLog {
  readonly #store: Store;
  readonly #logger: Logger;
  readonly #metrics: SlaMetrics | undefined;

  constructor(store: Store, logger: Logger, metrics: SlaMetrics | undefined) {
    this.#store = store;
    this.#logger = logger;
    this.#metrics = metrics;
  }

  async record(
    tenant: string,
    version: number,
    tickets: readonly string[],
    reason: PoisonReason,
    detail: string,
  ): Promise<void> {
    if (tickets.length === 0) return;
    const at = Date.now();
    await this.#store.client.insert({
      table: this.#store.table('sla_poisoned'),
      values: tickets.map((ticket_id) => ({
        tenant,
        policy_version: version,
        ticket_id,
        error: `${reason}: ${detail}`.slice(0, 2_000),
        at,
      })),
      format: 'JSONEachRow',
    });
    this.#metrics?.poisoned.inc({ reason }, tickets.length);
    for (const ticket of tickets.slice(0, 20)) {
      this.#logger.warn({ tenant, ticket, reason, detail }, 'SLA clocks skipped for a ticket');
    }
  }
}

/**
 * Runs `compute` over `ids`, and when a group fails, halves it until each
 * failing ticket stands alone; those are reported, the rest are computed.
 */
export async function isolateFailures(
  ids: readonly string[],
  compute: (ids: readonly string[]) => Promise<void>,
  onPoisoned: (id: string, error: unknown) => Promise<void>,
): Promise<void> {
  try {
    await compute(ids);
  } catch (error) {
    if (ids.length === 1) {
      const [id] = ids;
      if (id !== undefined) await onPoisoned(id, error);
      return;
    }
    const middle = Math.ceil(ids.length / 2);
    await isolateFailures(ids.slice(0, middle), compute, onPoisoned);
    await isolateFailures(ids.slice(middle), compute, onPoisoned);
  }
}
