import { expect } from 'vitest';
import { queryResponseSchema, type DataFrame, type QueryParamValue } from '../../schemas/query.ts';

/* HTTP helpers of the named-query tests: POST /v1/query and the GET routes it is checked against. */

export const ARROW = 'application/vnd.apache.arrow.stream';
export type Row = Record<string, unknown>;
export type Params = Record<string, QueryParamValue>;

export interface QueryApiClient {
  /** POST /v1/query with `apiKey` (null: none). */
  post(body: unknown, apiKey?: string | null, accept?: string): Promise<Response>;
  /** The one frame of a successful answer (refId A), its envelope checked. */
  frameOf(query: string, params: Params, apiKey?: string): Promise<DataFrame>;
  getJson<T>(path: string, params?: Record<string, string>): Promise<T>;
}

export function queryApiClient(url: string, key: string): QueryApiClient {
  const post = (body: unknown, apiKey: string | null = key, accept?: string) =>
    fetch(`${url}/v1/query`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(apiKey === null ? {} : { authorization: `Bearer ${apiKey}` }),
        ...(accept === undefined ? {} : { accept }),
      },
      body: JSON.stringify(body),
    });
  return {
    post,
    async frameOf(query, params, apiKey = key) {
      const response = await post({ query, params, refId: 'A' }, apiKey);
      const body: unknown = await response.json();
      expect(response.status, JSON.stringify(body)).toBe(200);
      const parsed = queryResponseSchema.parse(body);
      expect(parsed).toMatchObject({ query, refId: 'A' });
      const [frame] = parsed.frames;
      if (frame === undefined) throw new Error('no frame');
      return frame;
    },
    async getJson<T>(path: string, params: Record<string, string> = {}) {
      const qs = new URLSearchParams(params).toString();
      const response = await fetch(`${url}${path}${qs === '' ? '' : `?${qs}`}`, {
        headers: { authorization: `Bearer ${key}` },
      });
      expect(response.status, path).toBe(200);
      return (await response.json()) as T;
    },
  };
}

/** A frame back into rows, for readable expectations. */
export function rowsOf(frame: DataFrame): Row[] {
  const length = frame.data.values[0]?.length ?? 0;
  return Array.from({ length }, (_, i) =>
    Object.fromEntries(frame.schema.fields.map((f, j) => [f.name, frame.data.values[j]?.[i]])),
  );
}

export const names = (frame: DataFrame): string[] => frame.schema.fields.map((f) => f.name);
