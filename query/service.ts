import { DeskpulseError, isDeskpulseError } from '../schemas/errors.ts';
import type { DataFrame, QueryRequest } from '../schemas/query.ts';
import type { Store } from '../store/client.ts';
import type { SloStore } from '../store/slos.ts';
import { isoOf } from '../rollups/sla/read/rollup-sql.ts';
import { QueryCache, type CacheOutcome } from './cache.ts';
import type { NamedQuery, PreparedQuery } from './definition.ts';
import { buildFrame } from './frame.ts';
import { snapMs } from './params.ts';
import { namedQuery } from './registry.ts';

export interface QueryServiceOptions {
  store: Store;
  slos: SloStore;
  hourlyRollupDays: number;
  /** Seconds a result is reused for the same (tenant, query, params, time bucket); 0 disables. */
  cacheSeconds: number;
  /** The clock queries are evaluated against (ms); tests fix it. */
  now?: () => number;
  /** Called once per execution (not per request): tests count them. */
  onExecute?: (execution: { tenant: string; query: string }) => void;
  /** Most results kept (default 500). */
  maxEntries?: number;
  /** Most frame cells (fields × rows) kept in all (default 2,000,000). */
  maxCells?: number;
}

/** Bounds the cache's memory: some 100 MB of frames at most, whatever their number. */
export const DEFAULT_MAX_CELLS = 2_000_000;

const cellsOf = (result: QueryResult): number =>
  result.frame.data.values.reduce((sum, column) => sum + column.length, 0);

/** A query's answer before it is addressed to a request (no refId yet). */
export interface QueryResult {
  query: string;
  tenant: string;
  as_of: string;
  frame: DataFrame;
}

export interface QueryOutcome {
  result: QueryResult;
  cache: CacheOutcome;
}

/**
 * A read's own refusal of a parameter (e.g. hour buckets past the hourly
 * rollup's retention) located under `params`, like the contract's.
 */
export function asInvalidQuery(error: unknown): Error {
  if (!(error instanceof Error)) return new Error(String(error));
  if (!isDeskpulseError(error) || error.code !== 'BAD_REQUEST') return error;
  const path = error.details?.['path'];
  const at = typeof path === 'string' && path !== '' ? `params.${path}` : 'params';
  const prefix = `${String(path)}: `;
  const message = error.message.startsWith(prefix)
    ? error.message.slice(prefix.length)
    : error.message;
  return new DeskpulseError('INVALID_QUERY', `${at}: ${message}`, { path: at, message });
}

/**
 * Runs named queries for tenants: parameters checked and normalised, the
 * clock snapped to the cache bucket, results shared through the cache.
 */
export class QueryService {
  private readonly cache: QueryCache<QueryResult>;
  private readonly now: () => number;
  private readonly bucketMs: number;

  constructor(private readonly options: QueryServiceOptions) {
    this.bucketMs = options.cacheSeconds * 1000;
    this.now = options.now ?? Date.now;
    this.cache = new QueryCache({
      ttlMs: this.bucketMs,
      ...(options.maxEntries === undefined ? {} : { maxEntries: options.maxEntries }),
      maxWeight: options.maxCells ?? DEFAULT_MAX_CELLS,
      weigh: cellsOf,
    });
  }

  async run(
    tenant: string,
    request: Pick<QueryRequest, 'query' | 'params'>,
  ): Promise<QueryOutcome> {
    const query = namedQuery(request.query);
    // Whole seconds at least, like every instant the reads report.
    const nowMs = snapMs(this.now(), Math.max(this.bucketMs, 1000));
    const prepared = query.prepare(request.params, nowMs, this.bucketMs);
    const key = JSON.stringify([tenant, query.name, nowMs, prepared.key]);
    const { value, cache } = await this.cache.get(key, () =>
      this.execute(tenant, query, prepared, nowMs),
    );
    return { result: value, cache };
  }

  private async execute(
    tenant: string,
    query: NamedQuery,
    prepared: PreparedQuery,
    nowMs: number,
  ): Promise<QueryResult> {
    this.options.onExecute?.({ tenant, query: query.name });
    const context = {
      store: this.options.store,
      slos: this.options.slos,
      tenant,
      nowMs,
      hourlyRollupDays: this.options.hourlyRollupDays,
    };
    const answer = await prepared.run(context).catch((error: unknown) => {
      throw asInvalidQuery(error);
    });
    return {
      query: query.name,
      tenant,
      as_of: isoOf(Math.floor(nowMs / 1000)),
      frame: buildFrame(query.name, prepared.fields, answer.rows, answer.custom),
    };
  }
}
