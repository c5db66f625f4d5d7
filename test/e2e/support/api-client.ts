import {
  catalogueResponseSchema,
  queryResponseSchema,
  type CatalogueEntry,
  type DataFrame,
  type FrameCell,
  type QueryParamValue,
} from '../../../schemas/query.ts';

export type Row = Record<string, FrameCell>;

/** A columnar DataFrameJSON as rows keyed by field name. */
export function rowsOf(frame: DataFrame): Row[] {
  const names = frame.schema.fields.map((f) => f.name);
  const length = frame.data.values[0]?.length ?? 0;
  return Array.from({ length }, (_, i) =>
    Object.fromEntries(names.map((name, c) => [name, frame.data.values[c]?.[i] ?? null])),
  );
}

/** Deskpulse's query API called directly, as the test's source of truth. */
export class QueryApi {
  constructor(
    private readonly url: string,
    private readonly key: string,
  ) {}

  async rows(query: string, params: Record<string, QueryParamValue>): Promise<Row[]> {
    const response = await fetch(`${this.url}/v1/query`, {
      method: 'POST',
      headers: { authorization: `Bearer ${this.key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ query, params }),
    });
    const body: unknown = await response.json();
    if (!response.ok) throw new Error(`${query}: ${response.status} ${JSON.stringify(body)}`);
    const frame = queryResponseSchema.parse(body).frames[0];
    if (frame === undefined) throw new Error(`${query} answered no frame`);
    return rowsOf(frame);
  }

  async catalogue(): Promise<CatalogueEntry[]> {
    const response = await fetch(`${this.url}/v1/query`, {
      headers: { authorization: `Bearer ${this.key}` },
    });
    return catalogueResponseSchema.parse(await response.json()).queries;
  }
}
