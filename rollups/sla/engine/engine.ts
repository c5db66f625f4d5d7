import type { Logger } from 'pino';
import type { SlaPolicy } from '../../../schemas/sla-policy.ts';
import type { Store } from '../../../store/client.ts';
import type { TicketFilter } from '../sql/timeline.ts';
import { ensureCalendars } from './calendars.ts';
import { compilePolicy, type CompiledPolicy } from './compile.ts';
import type { SlaMetrics } from './metrics.ts';
import { PoisonLog, isolateFailures } from './poison.ts';
import {
  countTickets,
  oversizedTickets,
  ticketIds,
  type TicketSelection,
} from './ticket-selection.ts';
import { readProgress, storeNowMs, writeProgress, type Progress } from './progress.ts';
import { recomputeTickets, type RecomputeScope } from './recompute.ts';

/** Where the engine learns each tenant's policy in force. */
export interface PolicySource {
  tenants(): Promise<string[]>;
  active(tenant: string): Promise<{ version: number; policy: SlaPolicy } | undefined>;
}

export interface SlaEngineOptions {
  store: Store;
  policies: PolicySource;
  logger: Logger;
  metrics?: SlaMetrics;
  /** Tickets with more events are reported as poisoned and skipped. */
  maxEventsPerTicket?: number;
  /** Tickets per statement: bounds memory on big runs. */
  ticketsPerChunk?: number;
  /** Events can commit this long after their `ingested_at`; the watermark trails by it. */
  safetyLagMs?: number;
  onProgress?: (progress: RunProgress) => void;
}

export interface RunProgress {
  tenant: string;
  version: number;
  kind: RunKind;
  doneChunks: number;
  totalChunks: number;
}

export type RunKind = 'full' | 'incremental';

export interface RunReport {
  tenant: string;
  version: number;
  kind: RunKind;
  tickets: number;
  poisoned: number;
  durationMs: number;
}

const DEFAULTS = { maxEventsPerTicket: 10_000, ticketsPerChunk: 250_000, safetyLagMs: 10_000 };

/**
 * Keeps every tenant's clocks current under its active policy: a full
 * recompute when a version is new, then increments over the tickets touched
 * since the watermark (late events included: they recompute their ticket).
 */
export class SlaEngine {
  readonly #options: SlaEngineOptions & typeof DEFAULTS;
  readonly #poison: PoisonLog;
  readonly #compiled = new Map<string, CompiledPolicy>();
  #lastSeq = 0n;

  constructor(options: SlaEngineOptions) {
    this.#options = { ...DEFAULTS, ...options };
    this.#poison = new PoisonLog(options.store, options.logger, options.metrics);
  }

  /** One pass over every tenant with a policy. */
  async runOnce(): Promise<RunReport[]> {
    const reports: RunReport[] = [];
    for (const tenant of await this.#options.policies.tenants()) {
      const report = await this.syncTenant(tenant);
      if (report !== undefined) reports.push(report);
    }
    return reports;
  }

  async syncTenant(tenant: string): Promise<RunReport | undefined> {
    const active = await this.#options.policies.active(tenant);
    if (active === undefined) return undefined;
    const progress = await readProgress(this.#options.store, tenant, active.version);
    const scope = await this.#scope(tenant, active.version, active.policy);
    if (progress?.complete !== true) return this.#timed(scope, 'full', () => this.#full(scope));
    return this.#timed(scope, 'incremental', () => this.#incremental(scope, progress));
  }

  /** Recomputes every ticket of a tenant under a version (what a new policy version triggers). */
  async recomputeAll(tenant: string, version: number, policy: SlaPolicy): Promise<RunReport> {
    const scope = await this.#scope(tenant, version, policy);
    return this.#timed(scope, 'full', () => this.#full(scope));
  }

  async #scope(tenant: string, version: number, policy: SlaPolicy): Promise<RecomputeScope> {
    const key = `${tenant}\u0000${String(version)}`;
    let compiled = this.#compiled.get(key);
    if (compiled === undefined) {
      compiled = compilePolicy(policy);
      await ensureCalendars(this.#options.store, compiled.calendars.values());
      this.#compiled.set(key, compiled);
    }
    return { tenant, version, compiled };
  }

  async #timed(
    scope: RecomputeScope,
    kind: RunKind,
    run: () => Promise<{ tickets: number; poisoned: number }>,
  ): Promise<RunReport> {
    const started = performance.now();
    const { metrics } = this.#options;
    try {
      const result = await run();
      metrics?.runs.inc({ kind, outcome: 'ok' });
      metrics?.ticketsComputed.inc(result.tickets);
      const durationMs = Math.round(performance.now() - started);
      metrics?.runSeconds.observe({ kind }, durationMs / 1000);
      return { tenant: scope.tenant, version: scope.version, kind, ...result, durationMs };
    } catch (error) {
      metrics?.runs.inc({ kind, outcome: 'error' });
      throw error;
    }
  }

  async #full(scope: RecomputeScope): Promise<{ tickets: number; poisoned: number }> {
    const { store, safetyLagMs } = this.#options;
    const startedMs = await storeNowMs(store);
    const previous = await readProgress(store, scope.tenant, scope.version);
    if (previous !== undefined && previous.seq > this.#lastSeq) this.#lastSeq = previous.seq;
    // A version already complete stays readable while it is recomputed: each
    // chunk replaces its tickets' rows in one statement.
    if (previous?.complete !== true) {
      await writeProgress(store, scope.tenant, scope.version, {
        watermarkMs: 0,
        seq: this.#lastSeq,
        complete: false,
      });
    }
    const result = await this.#computeAllTickets(scope);
    await this.#saveProgress(scope, startedMs - safetyLagMs);
    return result;
  }

  async #incremental(
    scope: RecomputeScope,
    progress: Progress,
  ): Promise<{ tickets: number; poisoned: number }> {
    const { store, safetyLagMs } = this.#options;
    const startedMs = await storeNowMs(store);
    if (progress.seq > this.#lastSeq) this.#lastSeq = progress.seq;
    const since = { since: progress.watermarkMs / 1000 };
    const result = await this.#computeTouched(scope, since);
    await this.#saveProgress(scope, Math.max(progress.watermarkMs, startedMs - safetyLagMs));
    this.#options.metrics?.lagSeconds.set(
      { tenant: scope.tenant },
      Math.max(0, (Date.now() - startedMs) / 1000),
    );
    return result;
  }

  /**
   * The touched tickets by id: a literal id set lets ClickHouse read only
   * their granules of the event and clock tables, where a sub-query would
   * scan both (measured: 7.4 s → see README for 10k events over 1M tickets).
   */
  async #computeTouched(
    scope: RecomputeScope,
    since: Record<string, unknown>,
  ): Promise<{ tickets: number; poisoned: number }> {
    const ids = await ticketIds(this.#selection(scope.tenant), { touched: true }, since);
    if (ids.length === 0) return { tickets: 0, poisoned: 0 };
    let poisoned = 0;
    const size = this.#options.ticketsPerChunk;
    const chunks = Math.ceil(ids.length / size);
    for (let chunk = 0; chunk < chunks; chunk += 1) {
      const params = { ids: ids.slice(chunk * size, (chunk + 1) * size) };
      poisoned += await this.#reportOversized(scope, { ids: true }, params);
      poisoned += await this.#computeIsolated(scope, { ids: true }, params);
      this.#options.onProgress?.({
        tenant: scope.tenant,
        version: scope.version,
        kind: 'incremental',
        doneChunks: chunk + 1,
        totalChunks: chunks,
      });
    }
    return { tickets: ids.length, poisoned };
  }

  async #saveProgress(scope: RecomputeScope, watermarkMs: number): Promise<void> {
    await writeProgress(this.#options.store, scope.tenant, scope.version, {
      watermarkMs,
      seq: this.#lastSeq,
      complete: true,
    });
  }

  /** Every ticket of the tenant, in hash slices of bounded size. */
  async #computeAllTickets(scope: RecomputeScope): Promise<{ tickets: number; poisoned: number }> {
    const tickets = await countTickets(this.#selection(scope.tenant), {}, {});
    if (tickets === 0) return { tickets: 0, poisoned: 0 };
    let poisoned = await this.#reportOversized(scope, {}, {});
    const parts = Math.max(1, Math.ceil(tickets / this.#options.ticketsPerChunk));
    for (let part = 0; part < parts; part += 1) {
      poisoned += await this.#computeIsolated(scope, { part: true }, { parts, part });
      this.#options.onProgress?.({
        tenant: scope.tenant,
        version: scope.version,
        kind: 'full',
        doneChunks: part + 1,
        totalChunks: parts,
      });
    }
    return { tickets, poisoned };
  }

  async #computeIsolated(
    scope: RecomputeScope,
    filter: TicketFilter,
    params: Record<string, unknown>,
  ): Promise<number> {
    const run = (f: TicketFilter, p: Record<string, unknown>): Promise<void> =>
      recomputeTickets(this.#options.store, scope, f, this.#params(p), this.#nextSeq());
    try {
      await run(filter, params);
      return 0;
    } catch (error) {
      // A store that is down fails every ticket: that is an outage, not poison.
      await this.#options.store.client.query({ query: 'SELECT 1' });
      this.#options.logger.warn(
        { tenant: scope.tenant, err: error },
        'SLA recompute failed; isolating the tickets that cause it',
      );
      const ids = await ticketIds(this.#selection(scope.tenant), filter, params);
      let poisoned = 0;
      await isolateFailures(
        ids,
        (group) => run({ ids: true }, { ids: group }),
        async (id, cause) => {
          poisoned += 1;
          await this.#poison.record(
            scope.tenant,
            scope.version,
            [id],
            'compute_failed',
            String(cause),
          );
        },
      );
      return poisoned;
    }
  }

  #params(params: Record<string, unknown>): Record<string, unknown> {
    return { ...params, max_events: this.#options.maxEventsPerTicket };
  }

  #selection(tenant: string): TicketSelection {
    return { store: this.#options.store, tenant };
  }

  async #reportOversized(
    scope: RecomputeScope,
    filter: TicketFilter,
    params: Record<string, unknown>,
  ): Promise<number> {
    const max = this.#options.maxEventsPerTicket;
    const rows = await oversizedTickets(this.#selection(scope.tenant), filter, params, max);
    for (const row of rows) {
      await this.#poison.record(
        scope.tenant,
        scope.version,
        [row.ticket_id],
        'too_many_events',
        `${String(row.n)} events (limit ${String(max)})`,
      );
    }
    return rows.length;
  }

  #nextSeq(): bigint {
    const candidate = BigInt(Date.now()) * 1000n;
    this.#lastSeq = candidate > this.#lastSeq ? candidate : this.#lastSeq + 1n;
    return this.#lastSeq;
  }
}
