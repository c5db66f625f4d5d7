/** The bench's side of `POST /v1/query` and `GET /v1/query`, over real HTTP on loopback. */
import type { ParamValue } from './dashboard.ts';

export interface Answer {
  rows: number;
  cache: 'hit' | 'miss' | 'none';
  /** The first column's values of the first frame, to look for a ticket. */
  frame: { fields: string[]; values: unknown[][] };
}

interface FrameJson {
  schema: { fields: { name: string }[] };
  data: { values: unknown[][] };
}

export class QueryClient {
  readonly #base: string;
  readonly #key: string;

  constructor(base: string, key: string) {
    this.#base = base;
    this.#key = key;
  }

  async rangeQueries(): Promise<Set<string>> {
    const response = await fetch(`${this.#base}/v1/query`, { headers: this.#headers() });
    if (!response.ok) throw new Error(`GET /v1/query: ${response.status} ${await response.text()}`);
    const body = (await response.json()) as { queries: { name: string; range: boolean }[] };
    return new Set(body.queries.filter((q) => q.range).map((q) => q.name));
  }

  async query(query: string, params: Record<string, ParamValue>): Promise<Answer> {
    const response = await fetch(`${this.#base}/v1/query`, {
      method: 'POST',
      headers: { ...this.#headers(), 'content-type': 'application/json' },
      body: JSON.stringify({ query, params }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${query}: ${response.status} ${text}`);
    const body = JSON.parse(text) as { frames: FrameJson[] };
    const first = body.frames[0];
    const values = first?.data.values ?? [];
    const header = response.headers.get('x-deskpulse-cache');
    return {
      rows: values[0]?.length ?? 0,
      cache: header === 'hit' || header === 'miss' ? header : 'none',
      frame: { fields: first?.schema.fields.map((f) => f.name) ?? [], values },
    };
  }

  async postEvents(ndjson: string): Promise<void> {
    const response = await fetch(`${this.#base}/v1/tickets/events`, {
      method: 'POST',
      headers: { ...this.#headers(), 'content-type': 'application/x-ndjson' },
      body: ndjson,
    });
    if (!response.ok)
      throw new Error(`POST /v1/tickets/events: ${response.status} ${await response.text()}`);
  }

  #headers(): Record<string, string> {
    return { authorization: `Bearer ${this.#key}` };
  }
}
