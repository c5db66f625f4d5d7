import type { z } from 'zod';
import type { CatalogueEntry, QueryParamValue } from '../schemas/query.ts';
import type { Store } from '../store/client.ts';
import type { SloStore } from '../store/slos.ts';
import { canonicalJson } from '../store/versioned-json.ts';
import { fieldsOf, presentFields, type FieldOptions, type FieldSpec } from './fields.ts';
import { paramsJsonSchema } from './param-schema.ts';
import { parseParams, queryStringsOf } from './params.ts';

/** What a read needs besides its parameters; the tenant comes from the API key. */
export interface QueryContext {
  store: Store;
  slos: SloStore;
  tenant: string;
  /** The instant the query is evaluated at (ms, snapped to the cache bucket). */
  nowMs: number;
  /** `retention.hourlyRollupDays`, for the reliability reads. */
  hourlyRollupDays: number;
}

/** A read's rows, and what goes to the frame's `meta.custom` (policy version, range read…). */
export interface QueryRows {
  rows: readonly object[];
  custom?: Record<string, unknown>;
}

/** One named query as written in the registry. */
export interface QuerySpec<P> extends FieldOptions {
  name: string;
  title: string;
  description: string;
  /** The contract of its parameters as query-string text, mostly a `GET` route's. */
  params: z.ZodType<P>;
  /** Takes from/to. */
  range: boolean;
  /** May answer thousands of rows (clients should ask for Arrow). */
  large?: boolean;
  /** Defaults of this query that differ from the contract's (query-string text). */
  defaults?: Readonly<Record<string, string>>;
  /** from/to, when left out, are the this many days before now (as the reliability routes do). */
  defaultRangeDays?: number;
  /** The row contract the frame's fields come from. */
  row: z.ZodObject;
  /** The row's optional fields these parameters fill (a group-by column, a bucket). */
  present?: (params: P) => readonly string[];
  read(context: QueryContext, params: P): Promise<QueryRows>;
}

/** A request's parameters checked and bound to its query, ready to run or to find in the cache. */
export interface PreparedQuery {
  /** Canonical JSON of the parsed parameters: equal questions, equal keys. */
  key: string;
  fields: FieldSpec[];
  run(context: QueryContext): Promise<QueryRows>;
}

export interface NamedQuery {
  readonly name: string;
  readonly catalogue: CatalogueEntry;
  /** Every field the frame can hold, optional ones included. */
  readonly fields: readonly FieldSpec[];
  /** Parses a request's parameters (`400 INVALID_QUERY` when bad) at `nowMs`. */
  prepare(
    params: Readonly<Record<string, QueryParamValue>>,
    nowMs: number,
    bucketMs: number,
  ): PreparedQuery;
}

function defaultRange(days: number | undefined, nowMs: number): Record<string, string> {
  if (days === undefined) return {};
  const from = new Date(nowMs - days * 86_400_000).toISOString();
  return { from, to: new Date(nowMs).toISOString() };
}

/** A registry entry from its spec; the parameter type stays inside. */
export function defineQuery<P>(spec: QuerySpec<P>): NamedQuery {
  const fields = fieldsOf(spec.row, spec);
  const catalogue: CatalogueEntry = {
    name: spec.name,
    title: spec.title,
    description: spec.description,
    params: paramsJsonSchema(spec.params, {
      ...(spec.defaults === undefined ? {} : { defaults: spec.defaults }),
      optionalRange: spec.defaultRangeDays !== undefined,
    }),
    fields: fields.map(({ optional: _optional, ...field }) => field),
    range: spec.range,
    large: spec.large ?? false,
  };
  return {
    name: spec.name,
    catalogue,
    fields,
    prepare(params, nowMs, bucketMs) {
      const strings = {
        ...spec.defaults,
        ...defaultRange(spec.defaultRangeDays, nowMs),
        ...queryStringsOf(params, bucketMs),
      };
      const parsed = parseParams(spec.params, strings);
      return {
        key: canonicalJson(parsed),
        fields: presentFields(fields, spec.present?.(parsed) ?? []),
        run: (context) => spec.read(context, parsed),
      };
    },
  };
}
