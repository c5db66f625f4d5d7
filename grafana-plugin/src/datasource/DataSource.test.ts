import '../testing/browserShim';
import { FieldType, LoadingState } from '@grafana/data';
import type { DataFrame, DataQueryResponse, DataSourceInstanceSettings } from '@grafana/data';
import type { BackendSrvRequest } from '@grafana/runtime';
import { Subject, firstValueFrom, of, throwError } from 'rxjs';
import type { Observable } from 'rxjs';
import { beforeEach, describe, expect, it, vi } from 'vitest';

import { DataSource } from './DataSource';
import {
  BREACH_RISK_ARROW_COLUMNS,
  CATALOGUE,
  FROM_MS,
  TO_MS,
  arrowStream,
  makeRequest,
} from './testing/fixtures';
import type { DeskpulseOptions, DeskpulseQuery, QueryRequestBody } from './types';
import type { DeskpulseVariableSupport } from './VariableSupport';

const { fetchMock, variables } = vi.hoisted(() => ({
  fetchMock: vi.fn<(options: BackendSrvRequest) => Observable<{ data: unknown; status: number }>>(),
  variables: { queue: ['L1', 'L2'], priority: ['p1'] },
}));

vi.mock('@grafana/runtime', () => ({
  getBackendSrv: () => ({ fetch: fetchMock }),
  // Grafana's csv format: every value of a multi-value variable, comma-separated.
  getTemplateSrv: () => ({
    replace: (text: string, _scoped: unknown, format: string) => {
      expect(format).toBe('csv');
      return text.replace(
        /\$(\w+)/g,
        (whole, name: string) =>
          (variables as Record<string, string[] | undefined>)[name]?.join(',') ?? whole,
      );
    },
  }),
}));

const URL = '/api/datasources/proxy/uid/deskpulse';
const QUERY_URL = `${URL}/deskpulse/v1/query`;

const SETTINGS = {
  id: 1,
  uid: 'deskpulse',
  type: 'deskpulse-sla-datasource',
  name: 'Deskpulse',
  url: URL,
  access: 'proxy',
  readOnly: false,
  jsonData: { url: 'http://deskpulse:8080' },
  meta: {},
} as unknown as DataSourceInstanceSettings<DeskpulseOptions>;

function jsonAnswer(body: QueryRequestBody) {
  return {
    query: body.query,
    refId: body.refId,
    tenant: 'acme',
    as_of: '2024-03-11T00:00:00.000Z',
    frames: [
      {
        schema: {
          name: body.query,
          refId: body.refId,
          fields: [
            { name: 'bucket', type: 'time' },
            { name: 'attainment_pct', type: 'number', config: { unit: 'percent' } },
          ],
        },
        data: { values: [[FROM_MS], [97.5]] },
      },
    ],
  };
}

const apiError = (status: number, code: string, message: string) =>
  throwError(() => ({ status, data: { error: { code, message, details: {} } } }));

/** GET answers the catalogue; POST answers by query name unless a test overrides it. */
function answer(options: BackendSrvRequest): Observable<{ data: unknown; status: number }> {
  if (options.method === 'GET') {
    return of({ data: CATALOGUE, status: 200 });
  }
  const body = options.data as QueryRequestBody;
  if (body.query === 'sla.breach_risk') {
    const bytes = arrowStream(BREACH_RISK_ARROW_COLUMNS, { name: body.query, refId: 'x' });
    return of({ data: bytes.buffer.slice(bytes.byteOffset), status: 200 });
  }
  if (body.query === 'variables.values') {
    const values = ['L1', 'L2'];
    return of({
      data: {
        ...jsonAnswer(body),
        frames: [
          {
            schema: {
              name: body.query,
              fields: [
                { name: 'text', type: 'string' },
                { name: 'value', type: 'string' },
              ],
            },
            data: { values: [values, values] },
          },
        ],
      },
      status: 200,
    });
  }
  return of({ data: jsonAnswer(body), status: 200 });
}

const posts = () =>
  fetchMock.mock.calls.map(([options]) => options).filter((options) => options.method === 'POST');

const target = (refId: string, queryName: string, params: DeskpulseQuery['params'] = {}) => ({
  refId,
  queryName,
  params,
});

beforeEach(() => {
  fetchMock.mockReset();
  fetchMock.mockImplementation(answer);
});

describe('DataSource.query', () => {
  it('posts one interpolated named query per target to the proxy route', async () => {
    const ds = new DataSource(SETTINGS);
    const request = makeRequest([
      target('A', 'sla.attainment', { interval: 'auto', queue: '$queue', priority: ['$priority'] }),
      target('B', 'sla.live', { queue: 'L3' }),
      { ...target('C', 'sla.live'), hide: true },
      target('D', ''),
    ]);
    const response = await firstValueFrom(ds.query(request));

    expect(posts().map((options) => [options.url, options.data as unknown])).toEqual([
      [
        QUERY_URL,
        {
          query: 'sla.attainment',
          refId: 'A',
          params: {
            interval: 'hour',
            queue: 'L1,L2',
            priority: ['p1'],
            from: FROM_MS,
            to: TO_MS,
            tz: 'UTC',
          },
        },
      ],
      [QUERY_URL, { query: 'sla.live', refId: 'B', params: { queue: 'L3' } }],
    ]);
    expect(posts()[0]?.headers).toMatchObject({ Accept: 'application/json' });
    expect(posts()[0]?.responseType).toBe('json');
    expect(posts()[0]?.requestId).toBe('Q1_A');
    expect(response.errors).toBeUndefined();
    expect((response.data as DataFrame[]).map((frame) => frame.refId)).toEqual(['A', 'B']);
  });

  it('turns DataFrameJSON into frames with typed fields and as_of', async () => {
    const ds = new DataSource(SETTINGS);
    const response = await firstValueFrom(ds.query(makeRequest([target('A', 'sla.attainment')])));
    const frame = response.data[0] as {
      name: string;
      length: number;
      fields: Array<{ name: string; type: FieldType; values: unknown[]; config: object }>;
      meta: { custom: object };
    };
    expect(frame.name).toBe('sla.attainment');
    expect(frame.length).toBe(1);
    expect(frame.fields[0]).toMatchObject({
      name: 'bucket',
      type: FieldType.time,
      values: [FROM_MS],
    });
    expect(frame.fields[1]).toMatchObject({ values: [97.5], config: { unit: 'percent' } });
    expect(frame.meta.custom).toEqual({ as_of: '2024-03-11T00:00:00.000Z' });
  });

  it('sends the requests in parallel', () => {
    const pending = new Subject<{ data: unknown; status: number }>();
    fetchMock.mockImplementation((options) =>
      options.method === 'GET' ? answer(options) : pending,
    );
    const ds = new DataSource(SETTINGS);
    const request = makeRequest([
      target('A', 'sla.live'),
      target('B', 'sla.live'),
      target('C', 'sla.live'),
    ]);
    const subscription = ds.query(request).subscribe();
    return vi.waitFor(() => {
      expect(posts()).toHaveLength(3);
      subscription.unsubscribe();
    });
  });

  it('asks for Arrow for large queries and decodes the stream', async () => {
    const ds = new DataSource(SETTINGS);
    const response = await firstValueFrom(
      ds.query(makeRequest([target('R', 'sla.breach_risk', { limit: 200 })])),
    );
    expect(posts()[0]?.headers).toMatchObject({ Accept: 'application/vnd.apache.arrow.stream' });
    expect(posts()[0]?.responseType).toBe('arraybuffer');
    const frame = response.data[0] as {
      refId: string;
      length: number;
      fields: Array<{ values: unknown[] }>;
    };
    expect(frame.refId).toBe('R');
    expect(frame.length).toBe(3);
    expect(frame.fields[1]?.values).toEqual([FROM_MS, null, TO_MS]);
  });

  it('asks for Arrow when a query wants more than 1000 rows', async () => {
    fetchMock.mockImplementation((options) =>
      options.method === 'GET'
        ? answer(options)
        : answer({ ...options, data: { query: 'sla.breach_risk', params: {} } }),
    );
    const ds = new DataSource(SETTINGS);
    await firstValueFrom(ds.query(makeRequest([target('A', 'sla.live', { limit: '5000' })])));
    expect(posts()[0]?.responseType).toBe('arraybuffer');
  });

  it('reports a failed query with its code and keeps the other results', async () => {
    fetchMock.mockImplementation((options) =>
      (options.data as QueryRequestBody | undefined)?.refId === 'B'
        ? apiError(400, 'INVALID_QUERY', 'params.queue[0]: must not be empty')
        : answer(options),
    );
    const ds = new DataSource(SETTINGS);
    const response: DataQueryResponse = await firstValueFrom(
      ds.query(makeRequest([target('A', 'sla.live'), target('B', 'sla.live')])),
    );
    expect(response.state).toBe(LoadingState.Error);
    expect(response.errors).toEqual([
      { refId: 'B', status: 400, message: 'INVALID_QUERY: params.queue[0]: must not be empty' },
    ]);
    expect(response.data).toHaveLength(1);
  });

  it('decodes the JSON error of an Arrow request', async () => {
    const body = new TextEncoder().encode(
      JSON.stringify({ error: { code: 'SLA_NOT_READY', message: 'no policy computed yet' } }),
    );
    fetchMock.mockImplementation((options) =>
      options.method === 'GET'
        ? answer(options)
        : throwError(() => ({ status: 409, data: body.buffer })),
    );
    const ds = new DataSource(SETTINGS);
    const response = await firstValueFrom(ds.query(makeRequest([target('R', 'sla.breach_risk')])));
    expect(response.errors?.[0]?.message).toBe('SLA_NOT_READY: no policy computed yet');
  });

  it('fails every target when the catalogue cannot be read, and asks again next time', async () => {
    fetchMock.mockImplementation(() => apiError(401, 'UNAUTHORIZED', 'missing or unknown API key'));
    const ds = new DataSource(SETTINGS);
    const failed = await firstValueFrom(
      ds.query(makeRequest([target('A', 'sla.live'), target('B', 'sla.live')])),
    );
    expect(failed.errors?.map((error) => [error.refId, error.message])).toEqual([
      ['A', 'UNAUTHORIZED: missing or unknown API key'],
      ['B', 'UNAUTHORIZED: missing or unknown API key'],
    ]);

    fetchMock.mockImplementation(answer);
    const ok = await firstValueFrom(ds.query(makeRequest([target('A', 'sla.live')])));
    expect(ok.errors).toBeUndefined();
    await firstValueFrom(ds.query(makeRequest([target('A', 'sla.live')])));
    const gets = fetchMock.mock.calls.filter(([options]) => options.method === 'GET');
    expect(gets).toHaveLength(2);
  });

  it('answers no targets without a request', async () => {
    const ds = new DataSource(SETTINGS);
    const response = await firstValueFrom(ds.query(makeRequest([])));
    expect(response.data).toEqual([]);
    expect(fetchMock).not.toHaveBeenCalled();
  });
});

describe('DataSource.testDatasource', () => {
  it('reports how many named queries the service offers', async () => {
    const result = await new DataSource(SETTINGS).testDatasource();
    expect(result).toEqual({
      status: 'success',
      message: 'Connected to Deskpulse: 4 named queries available.',
    });
    expect(fetchMock.mock.calls[0]?.[0]).toMatchObject({ url: QUERY_URL, method: 'GET' });
  });

  it('explains a refused key', async () => {
    fetchMock.mockImplementation(() => apiError(403, 'FORBIDDEN', 'the key lacks the query scope'));
    const result = await new DataSource(SETTINGS).testDatasource();
    expect(result.status).toBe('error');
    expect(result.message).toContain('FORBIDDEN: the key lacks the query scope');
    expect(result.message).toContain('query scope');
  });

  it('rejects an answer that is not a catalogue', async () => {
    fetchMock.mockImplementation(() => of({ data: '<html>', status: 200 }));
    const result = await new DataSource(SETTINGS).testDatasource();
    expect(result.status).toBe('error');
  });
});

describe('template variables', () => {
  it('lists values through variables.values', async () => {
    const ds = new DataSource(SETTINGS);
    expect(await ds.metricFindQuery({ refId: 'V', variable: 'queue' })).toEqual([
      { text: 'L1', value: 'L1' },
      { text: 'L2', value: 'L2' },
    ]);
    expect(posts()[0]?.data).toEqual({ query: 'variables.values', params: { variable: 'queue' } });
  });

  it('answers query variables with text/value frames', async () => {
    const ds = new DataSource(SETTINGS);
    const response = await firstValueFrom(
      (ds.variables as DeskpulseVariableSupport).query({
        ...makeRequest([]),
        targets: [{ refId: 'V', variable: 'site' }],
      }),
    );
    expect(posts()[0]?.data).toEqual({ query: 'variables.values', params: { variable: 'site' } });
    const frame = response.data[0] as { fields: Array<{ name: string }> };
    expect(frame.fields.map((field) => field.name)).toEqual(['text', 'value']);
  });
});
