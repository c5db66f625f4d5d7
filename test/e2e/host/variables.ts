import type {
  DataFrame,
  DataQueryRequest,
  DataQueryResponse,
  DataSourceApi,
  MetricFindValue,
  TimeRange,
} from '@grafana/data';
import { getDataSourceSrv } from '@grafana/runtime';
import type { DataQuery } from '@grafana/schema';
import { from, isObservable, lastValueFrom, type Observable } from 'rxjs';
import { DATASOURCE_UID } from './services.ts';
import type { HostVariable } from './template-srv.ts';

/** A templating entry as saved in dashboard JSON (the parts the host reads). */
export interface SavedVariable {
  name: string;
  label?: string;
  type: string;
  query?: unknown;
  datasource?: { uid?: string } | string | null;
  multi?: boolean;
  includeAll?: boolean;
  allValue?: string | null;
  current?: { text?: string | string[]; value?: string | string[] };
  options?: { text: string; value: string }[];
  sort?: number;
}

interface VariableSupport {
  getType(): string;
  query?: (request: DataQueryRequest) => Observable<DataQueryResponse>;
  toDataQuery?: (query: unknown) => DataQuery;
}

/** Grafana's toMetricFindValues: fields named text/value, else the first field. */
function valuesOf(frames: DataFrame[]): MetricFindValue[] {
  const values: MetricFindValue[] = [];
  for (const frame of frames) {
    const byName = (name: string) => frame.fields.find((f) => f.name.toLowerCase() === name);
    const text = byName('text') ?? frame.fields[0];
    const value = byName('value') ?? text;
    for (let i = 0; i < frame.length; i++) {
      values.push({ text: String(text?.values[i]), value: String(value?.values[i]) });
    }
  }
  return values;
}

async function runVariableQuery(
  ds: DataSourceApi,
  variable: SavedVariable,
  range: TimeRange,
): Promise<MetricFindValue[]> {
  const support = (ds as unknown as { variables?: VariableSupport }).variables;
  const query = { refId: `variable-${variable.name}`, ...(variable.query as object) };
  if (support === undefined) {
    if (ds.metricFindQuery === undefined)
      throw new Error(`${ds.name} cannot answer variable queries`);
    return ds.metricFindQuery(variable.query, { range, variable: { name: variable.name } });
  }
  const targets: DataQuery[] = [support.toDataQuery?.(query) ?? query];
  const request = {
    requestId: `variable-${variable.name}`,
    app: 'dashboard',
    interval: '1m',
    intervalMs: 60_000,
    range,
    scopedVars: {},
    targets,
    timezone: 'browser',
    startTime: Date.now(),
  } as DataQueryRequest;
  const result =
    support.getType() === 'custom' && support.query !== undefined
      ? support.query(request)
      : ds.query(request);
  const response = await lastValueFrom(isObservable(result) ? result : from(result));
  return valuesOf(response.data as DataFrame[]);
}

async function optionsOf(variable: SavedVariable, range: TimeRange) {
  if (variable.type === 'custom' && typeof variable.query === 'string') {
    return variable.query.split(',').map((v) => ({ text: v.trim(), value: v.trim() }));
  }
  // The one Deskpulse data source the host runs, as Grafana would list it.
  if (variable.type === 'datasource') return [{ text: 'Deskpulse', value: DATASOURCE_UID }];
  if (variable.type !== 'query') return variable.options ?? [];
  const ds = await getDataSourceSrv().get(variable.datasource ?? undefined);
  const found = await runVariableQuery(ds, variable, range);
  const options = found.map((v) => ({ text: v.text, value: String(v.value ?? v.text) }));
  if (variable.sort !== undefined && variable.sort > 0) {
    options.sort((a, b) => a.text.localeCompare(b.text));
    if (variable.sort % 2 === 0) options.reverse();
  }
  return options;
}

/** Options from the data source, current value as saved, else All, else the first option. */
export async function resolveVariables(
  saved: SavedVariable[],
  range: TimeRange,
): Promise<HostVariable[]> {
  const resolved: HostVariable[] = [];
  for (const variable of saved) {
    const options = await optionsOf(variable, range);
    const includeAll = variable.includeAll ?? false;
    const all = { text: 'All', value: '$__all' };
    const withAll = includeAll ? [all, ...options] : options;
    const savedValue = variable.current?.value;
    const hasSaved = savedValue !== undefined && savedValue !== '' && savedValue.length > 0;
    const first = withAll[0] ?? { text: '', value: '' };
    const current = hasSaved
      ? { text: variable.current?.text ?? savedValue, value: savedValue }
      : includeAll
        ? { text: 'All', value: '$__all' }
        : first;
    resolved.push({
      name: variable.name,
      ...(variable.label === undefined ? {} : { label: variable.label }),
      type: variable.type,
      multi: variable.multi ?? false,
      includeAll,
      ...(variable.allValue === undefined ? {} : { allValue: variable.allValue }),
      current,
      options: withAll,
    });
  }
  return resolved;
}
