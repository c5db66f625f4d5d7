/*
 * Turning a panel query into the body of POST /v1/query: template variables interpolated,
 * from/to from the panel's time range, interval 'auto' sized from the panel's resolution.
 * Pure: the caller passes in the interpolation and the request's range.
 */
import { ALL_VALUE, ARROW_ROW_THRESHOLD } from './types';
import type {
  CatalogueEntry,
  DeskpulseQuery,
  ParamSchema,
  ParamValue,
  QueryParams,
  QueryRequestBody,
} from './types';
import { AUTO_BUCKET, BUCKET_PARAMS, allowedValues, paramKind } from './paramSchema';

export interface RequestContext {
  /** Replaces template variables in a string, multi-value variables as csv. */
  interpolate: (text: string) => string;
  /** The panel's time range in epoch milliseconds. */
  range?: { from: number; to: number };
  /** The panel's resolution (Grafana's request.intervalMs). */
  intervalMs?: number;
  /** The dashboard's time zone as an IANA name, for queries that take `tz`. */
  timezone?: string;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Bucket sizes the API knows, finest first (a month counted as 30 days). */
const BUCKET_MS: ReadonlyArray<[string, number]> = [
  ['hour', HOUR],
  ['day', DAY],
  ['week', 7 * DAY],
  ['month', 30 * DAY],
];

/**
 * The finest bucket at least as long as the panel's resolution, so a panel never gets more
 * points than it can draw; the coarsest allowed one when even that is too fine.
 */
export function autoBucket(intervalMs: number, allowed: readonly string[]): string {
  const sizes = BUCKET_MS.filter(([name]) => allowed.includes(name));
  const fitting = sizes.find(([, ms]) => ms >= intervalMs);
  return (fitting ?? sizes[sizes.length - 1] ?? ['hour'])[0];
}

function splitCsv(text: string): string[] {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

/** A string after interpolation, typed by its schema; undefined = leave the parameter out. */
function typedString(text: string, schema: ParamSchema | undefined): ParamValue | undefined {
  const trimmed = text.trim();
  if (trimmed === '' || splitCsv(trimmed).includes(ALL_VALUE)) {
    return undefined;
  }
  const kind = schema === undefined ? 'text' : paramKind(schema);
  if (kind === 'number' && Number.isFinite(Number(trimmed))) {
    return Number(trimmed);
  }
  if (kind === 'boolean' && (trimmed === 'true' || trimmed === 'false')) {
    return trimmed === 'true';
  }
  return trimmed;
}

function interpolateValue(
  value: ParamValue,
  schema: ParamSchema | undefined,
  interpolate: (text: string) => string,
): ParamValue | undefined {
  if (typeof value === 'string') {
    return typedString(interpolate(value), schema);
  }
  if (Array.isArray(value)) {
    const items = [...new Set(value.flatMap((item) => splitCsv(interpolate(item))))];
    return items.length === 0 || items.includes(ALL_VALUE) ? undefined : items;
  }
  return value;
}

function bucketFor(name: string, entry: CatalogueEntry | undefined, intervalMs: number): string {
  const schema = entry?.params.properties?.[name];
  const allowed = schema === undefined ? [] : allowedValues(schema);
  return autoBucket(intervalMs, allowed.length > 0 ? allowed : ['hour', 'day', 'week']);
}

/** The parameters of a query as sent: interpolated, auto intervals resolved, range filled. */
export function buildParams(
  query: DeskpulseQuery,
  entry: CatalogueEntry | undefined,
  context: RequestContext,
): QueryParams {
  const properties = entry?.params.properties ?? {};
  const params: QueryParams = {};
  for (const [name, raw] of Object.entries(query.params)) {
    const value = interpolateValue(raw, properties[name], context.interpolate);
    if (value === undefined) {
      continue;
    }
    params[name] =
      value === AUTO_BUCKET && BUCKET_PARAMS.includes(name)
        ? bucketFor(name, entry, context.intervalMs ?? HOUR)
        : value;
  }
  if (entry?.range === true && context.range !== undefined) {
    params['from'] = context.range.from;
    params['to'] = context.range.to;
  }
  if (
    properties['tz'] !== undefined &&
    params['tz'] === undefined &&
    context.timezone !== undefined
  ) {
    params['tz'] = context.timezone;
  }
  return params;
}

export function buildRequestBody(
  query: DeskpulseQuery,
  entry: CatalogueEntry | undefined,
  context: RequestContext,
): QueryRequestBody {
  return { query: query.queryName, params: buildParams(query, entry, context), refId: query.refId };
}

/** Arrow for queries that may return thousands of rows: marked large, or asked for > 1000. */
export function wantsArrow(entry: CatalogueEntry | undefined, params: QueryParams): boolean {
  const limit = params['limit'];
  const asked = typeof limit === 'number' ? limit : Number(limit);
  return entry?.large === true || (Number.isFinite(asked) && asked > ARROW_ROW_THRESHOLD);
}

/** Grafana's dashboard time zone ('browser', 'utc' or an IANA name) as an IANA name. */
export function ianaTimeZone(timezone: string | undefined): string | undefined {
  if (timezone === undefined || timezone === '') {
    return undefined;
  }
  const name =
    timezone === 'browser'
      ? Intl.DateTimeFormat().resolvedOptions().timeZone
      : timezone.toLowerCase() === 'utc'
        ? 'UTC'
        : timezone;
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return name;
  } catch {
    return undefined;
  }
}
