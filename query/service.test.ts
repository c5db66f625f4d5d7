import { describe, expect, it } from 'vitest';
import type { Store } from '../store/client.ts';
import { SloStore } from '../store/slos.ts';
import { DeskpulseError } from '../schemas/errors.ts';
import { QueryService, asInvalidQuery } from './service.ts';

/*
 * The service around the cache, with `variables.values` for the SLA metric
 * names: a query that never touches the store, so no engine is needed.
 */
const store = { table: (name: string) => name } as unknown as Store;
const slos = new SloStore(store);
const METRICS = { query: 'variables.values', params: { variable: 'metric' } };

function service(cacheSeconds: number, now: () => number, maxCells?: number) {
  const executions: string[] = [];
  const queries = new QueryService({
    store,
    slos,
    hourlyRollupDays: 90,
    cacheSeconds,
    now,
    ...(maxCells === undefined ? {} : { maxCells }),
    onExecute: ({ tenant, query }) => executions.push(`${tenant} ${query}`),
  });
  return { queries, executions };
}

describe('QueryService', () => {
  it('answers a frame as of the snapped clock', async () => {
    const { queries } = service(2, () => Date.parse('2026-03-02T12:00:01.900Z'));
    const { result, cache } = await queries.run('desk', METRICS);
    expect(cache).toBe('miss');
    expect(result).toEqual({
      query: 'variables.values',
      tenant: 'desk',
      as_of: '2026-03-02T12:00:00Z',
      frame: {
        schema: {
          name: 'variables.values',
          fields: [
            { name: 'text', type: 'string' },
            { name: 'value', type: 'string' },
          ],
        },
        data: {
          values: [
            ['first_response', 'next_response', 'resolution'],
            ['first_response', 'next_response', 'resolution'],
          ],
        },
      },
    });
  });

  it('executes 50 concurrent identical requests once, per tenant', async () => {
    const { queries, executions } = service(2, () => Date.parse('2026-03-02T12:00:00Z'));
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) => queries.run(i % 2 === 0 ? 'a' : 'b', METRICS)),
    );
    expect(executions.sort()).toEqual(['a variables.values', 'b variables.values']);
    expect(answers.filter((a) => a.cache === 'miss')).toHaveLength(2);
    answers.forEach((answer, i) => {
      expect(answer.result.tenant).toBe(i % 2 === 0 ? 'a' : 'b');
    });
  });

  it('shares an entry within the cache bucket and not across it', async () => {
    let now = Date.parse('2026-03-02T12:00:00.100Z');
    const { queries, executions } = service(2, () => now);
    await queries.run('desk', METRICS);
    now += 1_500;
    expect((await queries.run('desk', METRICS)).cache).toBe('hit');
    now += 500; // the next 2-second bucket
    expect((await queries.run('desk', METRICS)).cache).toBe('miss');
    expect(executions).toHaveLength(2);
  });

  it('with the cache off executes every request', async () => {
    let now = Date.parse('2026-03-02T12:00:00Z');
    const { queries, executions } = service(0, () => now);
    await queries.run('desk', METRICS);
    expect((await queries.run('desk', METRICS)).cache).toBe('miss');
    now += 1;
    await queries.run('desk', METRICS);
    expect(executions).toHaveLength(3);
  });

  it('refuses unknown queries and bad parameters before executing', async () => {
    const { queries, executions } = service(2, () => 0);
    await expect(queries.run('desk', { query: 'nope', params: {} })).rejects.toMatchObject({
      code: 'UNKNOWN_QUERY',
    });
    await expect(
      queries.run('desk', { query: 'variables.values', params: { variable: 'x' } }),
    ).rejects.toMatchObject({ code: 'INVALID_QUERY', details: { path: 'params.variable' } });
    expect(executions).toEqual([]);
  });

  it('does not keep frames bigger than the cache’s cell budget', async () => {
    const { queries, executions } = service(2, () => 0, 5);
    await queries.run('desk', METRICS); // 2 fields × 3 rows
    expect((await queries.run('desk', METRICS)).cache).toBe('miss');
    expect(executions).toHaveLength(2);
  });

  it('locates a read’s own refusal of a parameter under params', () => {
    const refusal = new DeskpulseError(
      'BAD_REQUEST',
      'from: hour buckets are kept 90 days; use interval=day',
      { path: 'from', message: 'hour buckets are kept 90 days' },
    );
    expect(asInvalidQuery(refusal)).toMatchObject({
      code: 'INVALID_QUERY',
      message: 'params.from: hour buckets are kept 90 days; use interval=day',
      details: { path: 'params.from' },
    });
    const other = new DeskpulseError('SLA_NOT_READY', 'not yet');
    expect(asInvalidQuery(other)).toBe(other);
    expect(asInvalidQuery('boom')).toMatchObject({ message: 'boom' });
  });
});
