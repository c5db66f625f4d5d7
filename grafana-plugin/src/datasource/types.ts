/*
 * The one definition of the data source's query model, settings and the Deskpulse
 * query API's wire shapes (docs/query.md, .scratch/query-contract.md). Everything else in
 * the plugin imports its types from here.
 */
import type { DataFrameJSON, DataSourceJsonData } from '@grafana/data';
import type { DataQuery } from '@grafana/schema';

/** A parameter value as the API accepts it; lists may also be comma-separated strings. */
export type ParamValue = string | number | boolean | string[];
export type QueryParams = Record<string, ParamValue>;

/** A panel query: one named query of the API and its parameters. No SQL, ever. */
export interface DeskpulseQuery extends DataQuery {
  queryName: string;
  params: QueryParams;
}

export const DEFAULT_QUERY: Partial<DeskpulseQuery> = { queryName: '', params: {} };

/** jsonData of the data source: where the API is; the proxy route reads it as `.JsonData.url`. */
export interface DeskpulseOptions extends DataSourceJsonData {
  url?: string;
}

/** secureJsonData: write-only once saved; the proxy route sends it as a bearer token. */
export interface DeskpulseSecureOptions {
  apiKey?: string;
}

/** What `variables.values` can list (template variables). */
export const VARIABLE_KINDS = [
  'queue',
  'priority',
  'site',
  'model',
  'os_version',
  'app',
  'metric',
  'slo',
] as const;
export type VariableKind = (typeof VARIABLE_KINDS)[number];

/** The query model of a dashboard's query variable. */
export interface DeskpulseVariableQuery extends DataQuery {
  variable: VariableKind;
}

/**
 * Dashboards give multi-value variables this `allValue`: a list parameter holding it is
 * left out of the request, so "All" means "no filter" rather than a list of every value.
 */
export const ALL_VALUE = '*';

// ------------------------------------------------------------------ the API's wire shapes

export type FieldKind = 'time' | 'number' | 'string' | 'boolean';

export interface CatalogueField {
  name: string;
  type: FieldKind;
  unit?: string;
}

/** The part of JSON Schema the catalogue's parameter schemas use. */
export interface ParamSchema {
  type?: string | string[];
  enum?: unknown[];
  items?: ParamSchema;
  anyOf?: ParamSchema[];
  oneOf?: ParamSchema[];
  title?: string;
  description?: string;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  format?: string;
}

export interface ParamsSchema {
  type?: string;
  properties?: Record<string, ParamSchema>;
  required?: string[];
}

export interface CatalogueEntry {
  name: string;
  title: string;
  description: string;
  params: ParamsSchema;
  fields: CatalogueField[];
  /** Takes from/to: the data source fills them from the panel's time range. */
  range: boolean;
  /** May return thousands of rows: the data source asks for Arrow. */
  large: boolean;
}

export interface Catalogue {
  queries: CatalogueEntry[];
}

/** POST /v1/query body. */
export interface QueryRequestBody {
  query: string;
  params: QueryParams;
  refId?: string;
}

/** POST /v1/query answer with Accept: application/json. */
export interface QueryResponseJSON {
  query: string;
  refId?: string;
  tenant: string;
  as_of: string;
  frames: DataFrameJSON[];
}

/** The error envelope of every Deskpulse route. */
export interface ApiErrorBody {
  error: { code: string; message: string; details?: unknown };
}

export const JSON_MEDIA_TYPE = 'application/json';
export const ARROW_MEDIA_TYPE = 'application/vnd.apache.arrow.stream';
/** Above this many rows asked for, the data source switches to Arrow. */
export const ARROW_ROW_THRESHOLD = 1000;
