import { DataSourceApi, LoadingState, dataFrameFromJSON } from '@grafana/data';
import type {
  CoreApp,
  DataFrame,
  DataQueryError,
  DataQueryRequest,
  DataQueryResponse,
  DataSourceInstanceSettings,
  MetricFindValue,
  TestDataSourceResponse,
} from '@grafana/data';
import { getBackendSrv, getTemplateSrv } from '@grafana/runtime';
import { catchError, forkJoin, from, lastValueFrom, map, mergeMap, of } from 'rxjs';
import type { Observable } from 'rxjs';

import { arrowToDataFrame } from './arrow';
import { describeError } from './errors';
import { buildRequestBody, ianaTimeZone, wantsArrow } from './request';
import type { RequestContext } from './request';
import { ARROW_MEDIA_TYPE, DEFAULT_QUERY, JSON_MEDIA_TYPE } from './types';
import type {
  Catalogue,
  DeskpulseOptions,
  DeskpulseQuery,
  DeskpulseVariableQuery,
  QueryRequestBody,
  QueryResponseJSON,
} from './types';
import { DeskpulseVariableSupport } from './VariableSupport';

interface TargetResult {
  frames: DataFrame[];
  error?: DataQueryError;
}

/** The variable query model, or the bare variable name legacy callers pass. */
type VariableRequest = DeskpulseVariableQuery | string;

function isCatalogue(value: unknown): value is Catalogue {
  return (
    typeof value === 'object' &&
    value !== null &&
    Array.isArray((value as { queries?: unknown }).queries)
  );
}

/** Frames that carry the answer's as_of, so panels can say how fresh they are. */
function jsonFrames(answer: QueryResponseJSON, refId: string | undefined): DataFrame[] {
  return answer.frames.map((json) => {
    const frame = dataFrameFromJSON(json);
    const custom = { as_of: answer.as_of, ...frame.meta?.custom };
    return { ...frame, refId: refId ?? frame.refId, meta: { ...frame.meta, custom } };
  });
}

function mergeResults(results: TargetResult[]): DataQueryResponse {
  const errors = results.flatMap((result) => (result.error === undefined ? [] : [result.error]));
  return {
    data: results.flatMap((result) => result.frames),
    ...(errors.length > 0 ? { errors, state: LoadingState.Error } : {}),
  };
}

function framesToValues(frames: DataFrame[]): MetricFindValue[] {
  const frame = frames[0];
  const text = frame?.fields.find((field) => field.name === 'text') ?? frame?.fields[0];
  const value = frame?.fields.find((field) => field.name === 'value') ?? text;
  if (text === undefined || value === undefined) {
    return [];
  }
  return text.values.map((label: unknown, index: number) => ({
    text: String(label),
    value: String(value.values[index]),
  }));
}

/**
 * Deskpulse's named queries through Grafana's data proxy: one POST /v1/query per panel
 * query, all in parallel; JSON frames by default, Arrow for large results.
 */
export class DataSource extends DataSourceApi<DeskpulseQuery, DeskpulseOptions> {
  private readonly queryUrl: string;
  private catalogue: Promise<Catalogue> | undefined;

  constructor(instanceSettings: DataSourceInstanceSettings<DeskpulseOptions>) {
    super(instanceSettings);
    // The proxy route `deskpulse` (plugin.json) adds the URL and the bearer key server-side.
    this.queryUrl = `${instanceSettings.url ?? ''}/deskpulse/v1/query`;
    // Grafana tells the kinds of variable support apart by getType() at run time; the base
    // class's union type only matches this custom one structurally.
    // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment
    this.variables = new DeskpulseVariableSupport(this);
  }

  override getDefaultQuery(_app: CoreApp): Partial<DeskpulseQuery> {
    return DEFAULT_QUERY;
  }

  override filterQuery(query: DeskpulseQuery): boolean {
    return query.hide !== true && typeof query.queryName === 'string' && query.queryName !== '';
  }

  override getQueryDisplayText(query: DeskpulseQuery): string {
    return `${query.queryName} ${JSON.stringify(query.params)}`;
  }

  /** The named queries the service offers; asked once, again after a failure. */
  getCatalogue(): Promise<Catalogue> {
    this.catalogue ??= lastValueFrom(
      getBackendSrv().fetch<unknown>({ url: this.queryUrl, method: 'GET', showErrorAlert: false }),
    ).then((response) => {
      if (!isCatalogue(response.data)) {
        throw new Error('the answer of GET /v1/query is not a query catalogue');
      }
      return response.data;
    });
    this.catalogue.catch(() => {
      this.catalogue = undefined;
    });
    return this.catalogue;
  }

  query(request: DataQueryRequest<DeskpulseQuery>): Observable<DataQueryResponse> {
    const targets = request.targets.filter((target) => this.filterQuery(target));
    if (targets.length === 0) {
      return of({ data: [] });
    }
    return from(this.getCatalogue()).pipe(
      mergeMap((catalogue) =>
        forkJoin(targets.map((target) => this.runTarget(target, catalogue, request))),
      ),
      map(mergeResults),
      catchError((err: unknown) => {
        const { message, status } = describeError(err);
        const errors = targets.map((target) => ({ refId: target.refId, message, status }));
        return of({ data: [], errors, state: LoadingState.Error });
      }),
    );
  }

  async testDatasource(): Promise<TestDataSourceResponse> {
    this.catalogue = undefined;
    try {
      const catalogue = await this.getCatalogue();
      return {
        status: 'success',
        message: `Connected to Deskpulse: ${catalogue.queries.length} named queries available.`,
      };
    } catch (err: unknown) {
      const { message, status } = describeError(err);
      const hint =
        status === 401 || status === 403 ? ' Check the API key: it needs the query scope.' : '';
      return { status: 'error', message: `Deskpulse did not answer: ${message}.${hint}` };
    }
  }

  /** Values of a template variable, as frames with `text` and `value` fields. */
  variableFrames(variable: string, requestId?: string): Observable<DataFrame[]> {
    const body: QueryRequestBody = { query: 'variables.values', params: { variable } };
    return this.post(body, false, requestId);
  }

  override async metricFindQuery(query: VariableRequest): Promise<MetricFindValue[]> {
    const variable = typeof query === 'string' ? query.trim() : query.variable;
    return framesToValues(await lastValueFrom(this.variableFrames(variable)));
  }

  private requestContext(request: DataQueryRequest<DeskpulseQuery>): RequestContext {
    const templateSrv = getTemplateSrv();
    return {
      interpolate: (text) => templateSrv.replace(text, request.scopedVars, 'csv'),
      range: { from: request.range.from.valueOf(), to: request.range.to.valueOf() },
      intervalMs: request.intervalMs,
      timezone: ianaTimeZone(request.timezone),
    };
  }

  private runTarget(
    target: DeskpulseQuery,
    catalogue: Catalogue,
    request: DataQueryRequest<DeskpulseQuery>,
  ): Observable<TargetResult> {
    const entry = catalogue.queries.find((candidate) => candidate.name === target.queryName);
    const body = buildRequestBody(target, entry, this.requestContext(request));
    const requestId = `${request.requestId}_${target.refId}`;
    return this.post(body, wantsArrow(entry, body.params), requestId).pipe(
      map((frames) => ({ frames })),
      catchError((err: unknown) =>
        of({ frames: [], error: { ...describeError(err), refId: target.refId } }),
      ),
    );
  }

  private post(
    body: QueryRequestBody,
    arrow: boolean,
    requestId?: string,
  ): Observable<DataFrame[]> {
    return getBackendSrv()
      .fetch<unknown>({
        url: this.queryUrl,
        method: 'POST',
        data: body,
        headers: {
          Accept: arrow ? ARROW_MEDIA_TYPE : JSON_MEDIA_TYPE,
          'Content-Type': JSON_MEDIA_TYPE,
        },
        responseType: arrow ? 'arraybuffer' : 'json',
        showErrorAlert: false,
        ...(requestId === undefined ? {} : { requestId }),
      })
      .pipe(
        map((response) => {
          if (arrow) {
            const frame = arrowToDataFrame(response.data);
            return [{ ...frame, refId: body.refId ?? frame.refId }];
          }
          return jsonFrames(response.data as QueryResponseJSON, body.refId);
        }),
      );
  }
}
