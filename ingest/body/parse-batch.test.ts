import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { Config } from '../../schemas/config.ts';
import { parseBatch } from './parse-batch.ts';
import type { ParseBatchOptions, ParsedBatch } from './parse-batch.ts';
import {
  chunksOf,
  compressionBomb,
  DEFAULT_LIMITS,
  MiB,
  rejection,
  sourceOf,
} from './test-support.ts';

const NOW = Date.parse('2026-03-02T10:00:00Z');
const NDJSON = 'application/x-ndjson';

const created = {
  event_id: 'ev-1',
  ticket_id: 'T-1',
  type: 'created',
  occurred_at: '2026-03-02T10:30:00+01:00',
  queue: 'Service Desk',
  comment: { author_role: 'customer', public: true },
};
const statusChanged = {
  event_id: 'ev-2',
  ticket_id: 'T-1',
  type: 'status_changed',
  occurred_at: '2026-03-02T09:45:00.123456Z',
  status: 'pending',
};
const sample = {
  kind: 'sample',
  device_id: 'laptop-042',
  occurred_at: '2026-03-02T09:59:00Z',
  cpu_pct: 12.5,
  os: 'Windows 11',
};
const crash = {
  kind: 'event',
  device_id: 'laptop-042',
  occurred_at: '2026-03-02T09:58:00Z',
  type: 'app_crash',
  app: 'Outlook',
};

interface Call {
  body: string | Buffer | Buffer[];
  stream?: ParseBatchOptions['stream'];
  contentType?: string | undefined;
  contentEncoding?: string;
  limits?: Partial<Config['limits']>;
}

function parse(call: Call): Promise<ParsedBatch> {
  const chunks = Array.isArray(call.body) ? call.body : [Buffer.from(call.body)];
  return parseBatch(sourceOf(chunks), {
    stream: call.stream ?? 'tickets',
    tenant: 'acme',
    contentType: 'contentType' in call ? call.contentType : NDJSON,
    contentEncoding: call.contentEncoding,
    limits: { ...DEFAULT_LIMITS, ...call.limits },
    now: NOW,
  });
}

const ndjson = (...values: unknown[]): string =>
  values.map((value) => (typeof value === 'string' ? value : JSON.stringify(value))).join('\n');

/** The rows of one table, parsed back from the produced NDJSON. */
function rowsOf(
  batch: ParsedBatch,
  table: 'ticket_events' | 'endpoint_samples' | 'endpoint_events',
): unknown[] {
  const chunk = batch.chunks.get(table);
  if (chunk === undefined) return [];
  const text = chunk.ndjson.toString('utf8');
  expect(text.endsWith('\n')).toBe(true);
  const rows = text
    .slice(0, -1)
    .split('\n')
    .map((line): unknown => JSON.parse(line));
  expect(rows).toHaveLength(chunk.rows);
  return rows;
}

describe('parseBatch: NDJSON', () => {
  it('turns valid lines into ticket_events rows, with the tenant from the options', async () => {
    const batch = await parse({ body: ndjson(created, statusChanged) + '\n' });
    expect(batch).toMatchObject({ accepted: 2, rejected: [], rejectedCount: 0 });
    expect([...batch.chunks.keys()]).toEqual(['ticket_events']);
    expect(rowsOf(batch, 'ticket_events')).toEqual([
      { tenant: 'acme', ...created },
      expect.objectContaining({
        event_id: 'ev-2',
        status: 'pending',
        occurred_at: '2026-03-02T09:45:00.123456Z',
      }),
    ]);
  });

  it.each([
    'application/x-ndjson',
    'application/ndjson',
    'application/jsonl',
    'application/jsonlines',
    'Application/X-NDJSON; charset=utf-8',
    ' application/jsonl ;foo=bar',
  ])('accepts Content-Type %j as NDJSON', async (contentType) => {
    const batch = await parse({ body: ndjson(created, statusChanged), contentType });
    expect(batch.accepted).toBe(2);
  });

  it('skips blank lines, reads CRLF and a last line without newline, and numbers lines exactly', async () => {
    const body = `\r\n${JSON.stringify(created)}\r\n\r\n  \r\n{"event_id":""}\r\n${JSON.stringify(statusChanged)}`;
    const batch = await parse({ body });
    expect(batch.accepted).toBe(2);
    expect(batch.rejected).toEqual([{ line: 5, path: 'event_id', message: 'must not be empty' }]);
  });

  it('reads a body delivered in 1-byte chunks', async () => {
    const body = Buffer.from(`${ndjson(created, 'nope', statusChanged)}\n`);
    const batch = await parse({ body: chunksOf(body, 1) });
    expect(batch.accepted).toBe(2);
    expect(batch.rejected.map((r) => r.line)).toEqual([2]);
    expect(rowsOf(batch, 'ticket_events')).toHaveLength(2);
  });

  it('ignores a UTF-8 byte order mark at the start', async () => {
    const batch = await parse({ body: `\uFEFF${ndjson(created)}` });
    expect(batch.accepted).toBe(1);
  });

  it('accepts an empty body with nothing to store', async () => {
    const batch = await parse({ body: '' });
    expect(batch).toEqual({ accepted: 0, rejected: [], rejectedCount: 0, chunks: new Map() });
  });

  it('decodes a gzip-encoded body', async () => {
    const body = zlib.gzipSync(ndjson(created, statusChanged));
    const batch = await parse({ body: chunksOf(body, 13), contentEncoding: 'gzip' });
    expect(batch.accepted).toBe(2);
  });
});

describe('parseBatch: rejected lines', () => {
  it('rejects a line that is not valid UTF-8', async () => {
    const bad = Buffer.from([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x7d]);
    const body = Buffer.concat([
      Buffer.from(`${JSON.stringify(created)}\n`),
      bad,
      Buffer.from('\n'),
    ]);
    const batch = await parse({ body });
    expect(batch.accepted).toBe(1);
    expect(batch.rejected).toEqual([{ line: 2, path: '', message: 'not valid UTF-8' }]);
  });

  it('rejects a line that is not JSON, with the parser message', async () => {
    const batch = await parse({ body: ndjson('{"event_id":', created) });
    expect(batch.rejected).toHaveLength(1);
    expect(batch.rejected[0]).toMatchObject({ line: 1, path: '' });
    expect(batch.rejected[0]?.message).toMatch(/^invalid JSON: ./);
  });

  it.each([
    ['[]', 'an array'],
    ['[{"event_id":"x"}]', 'an array'],
    ['null', 'null'],
    ['42', 'a number'],
    ['"text"', 'a string'],
    ['true', 'a boolean'],
  ])('rejects %s: not a JSON object', async (line, kind) => {
    const batch = await parse({ body: line });
    expect(batch.rejected).toEqual([
      { line: 1, path: '', message: `must be a JSON object, not ${kind}` },
    ]);
  });

  it('reports the first schema issue with its path', async () => {
    const batch = await parse({
      body: ndjson(
        { ...statusChanged, status: undefined },
        { ...created, tenant: 'other' },
        { ...created, comment: { author_role: 'robot', public: true } },
      ),
    });
    expect(batch.accepted).toBe(0);
    expect(batch.rejected).toEqual([
      { line: 1, path: 'status', message: 'is required when type is "status_changed"' },
      { line: 2, path: 'tenant', message: 'unknown field' },
      { line: 3, path: 'comment.author_role', message: expect.any(String) as string },
    ]);
  });

  it('rejects a line longer than maxLineBytes, naming the limit, and reads on', async () => {
    const long = JSON.stringify({ ...created, attributes: { note: 'x'.repeat(300) } });
    const batch = await parse({ body: ndjson(long, created), limits: { maxLineBytes: 200 } });
    expect(batch.accepted).toBe(1);
    expect(batch.rejected).toEqual([
      { line: 1, path: '', message: 'line is longer than 200 bytes' },
    ]);
  });

  it('lists the first 1000 rejections and counts all of them', async () => {
    const lines = Array.from({ length: 1500 }, (_, i) => (i % 500 === 0 ? created : `bad ${i}`));
    const batch = await parse({ body: ndjson(...lines) });
    expect(batch.accepted).toBe(3);
    expect(batch.rejectedCount).toBe(1497);
    expect(batch.rejected).toHaveLength(1000);
    expect(batch.rejected[0]?.line).toBe(2);
    // Lines 1, 501 and 1001 are valid, so the 1000th rejection is line 1003.
    expect(batch.rejected[999]?.line).toBe(1003);
  });
});

describe('parseBatch: clock skew', () => {
  const at = (iso: string): unknown => ({ ...created, occurred_at: iso });

  it('accepts occurred_at up to maxClockSkewSeconds ahead, in any offset', async () => {
    const batch = await parse({
      body: ndjson(
        at('2026-03-02T10:05:00Z'),
        at('2026-03-02T11:05:00+01:00'),
        at('2026-03-02T10:04:59.999Z'),
      ),
    });
    expect(batch.accepted).toBe(3);
  });

  it('rejects occurred_at further ahead, naming the tolerance', async () => {
    const batch = await parse({
      body: ndjson(at('2026-03-02T10:05:00.001Z'), at('2026-03-02T06:05:01-04:00')),
    });
    expect(batch.accepted).toBe(0);
    expect(batch.rejected).toEqual([
      { line: 1, path: 'occurred_at', message: expect.stringContaining('300 seconds') as string },
      { line: 2, path: 'occurred_at', message: expect.stringContaining('300 seconds') as string },
    ]);
  });

  it('follows the configured tolerance', async () => {
    const batch = await parse({
      body: ndjson(at('2026-03-02T10:00:00Z'), at('2026-03-02T10:00:01Z')),
      limits: { maxClockSkewSeconds: 0 },
    });
    expect(batch.accepted).toBe(1);
    expect(batch.rejected[0]?.message).toContain('0 seconds');
  });
});

describe('parseBatch: event count limit', () => {
  it('allows maxEventsPerRequest non-blank lines; blank lines do not count', async () => {
    const batch = await parse({
      body: ndjson(created, '', 'bad', '', created),
      limits: { maxEventsPerRequest: 3 },
    });
    expect(batch.accepted).toBe(2);
  });

  it('fails the whole body past maxEventsPerRequest lines, rejected ones included', async () => {
    const error = await rejection(
      parse({ body: ndjson(created, 'bad', created, 'bad'), limits: { maxEventsPerRequest: 3 } }),
      'PAYLOAD_TOO_LARGE',
    );
    expect(error.details).toEqual({ limit: 3, setting: 'limits.maxEventsPerRequest' });
  });

  it('fails a JSON array longer than maxEventsPerRequest', async () => {
    const body = JSON.stringify([created, created, created, created]);
    await rejection(
      parse({ body, contentType: 'application/json', limits: { maxEventsPerRequest: 3 } }),
      'PAYLOAD_TOO_LARGE',
    );
  });
});

describe('parseBatch: application/json', () => {
  const json = 'application/json';

  it('validates each element of an array, numbering from 1', async () => {
    const body = JSON.stringify([created, 42, { ...created, event_id: '' }, statusChanged]);
    const batch = await parse({ body, contentType: 'application/json; charset=utf-8' });
    expect(batch.accepted).toBe(2);
    expect(batch.rejected).toEqual([
      { line: 2, path: '', message: 'must be a JSON object, not a number' },
      { line: 3, path: 'event_id', message: 'must not be empty' },
    ]);
    expect(rowsOf(batch, 'ticket_events')).toHaveLength(2);
  });

  it('takes a single object as one event', async () => {
    const batch = await parse({ body: JSON.stringify(created), contentType: 'APPLICATION/JSON' });
    expect(batch.accepted).toBe(1);
  });

  it('accepts an empty array with nothing to store', async () => {
    const batch = await parse({ body: '[]', contentType: json });
    expect(batch).toMatchObject({ accepted: 0, rejectedCount: 0 });
  });

  it.each(['42', '"text"', 'null', 'true'])(
    'fails a body that is %s with INVALID_BODY',
    async (body) => {
      const error = await rejection(parse({ body, contentType: json }), 'INVALID_BODY');
      expect(error.message).toContain('array');
    },
  );

  it.each(['', '{"event_id":', '[1,]', `${JSON.stringify(created)}\n${JSON.stringify(created)}`])(
    'fails malformed JSON %j with INVALID_BODY and the parser message',
    async (body) => {
      const error = await rejection(parse({ body, contentType: json }), 'INVALID_BODY');
      expect(error.message).toMatch(/^invalid JSON: ./);
    },
  );

  it('fails a body that is not UTF-8 with INVALID_BODY', async () => {
    await rejection(
      parse({ body: Buffer.from([0x5b, 0xff, 0x5d]), contentType: json }),
      'INVALID_BODY',
    );
  });

  it('fails a body past maxDecompressedBytes before parsing it', async () => {
    const body = zlib.gzipSync(JSON.stringify(Array.from({ length: 2000 }, () => created)));
    const error = await rejection(
      parse({
        body,
        contentType: json,
        contentEncoding: 'gzip',
        limits: { maxDecompressedBytes: 10_000 },
      }),
      'PAYLOAD_TOO_LARGE',
    );
    expect(error.details).toMatchObject({ setting: 'limits.maxDecompressedBytes' });
  });
});

describe('parseBatch: unreadable bodies', () => {
  it.each([
    undefined,
    '',
    'text/plain',
    'application/jsonx',
    'application/x-www-form-urlencoded',
    'multipart/form-data',
  ])(
    'fails Content-Type %j with UNSUPPORTED_MEDIA_TYPE, listing the accepted types',
    async (contentType) => {
      const error = await rejection(
        parse({ body: ndjson(created), contentType }),
        'UNSUPPORTED_MEDIA_TYPE',
      );
      expect(error.message).toContain('application/x-ndjson');
      expect(error.message).toContain('application/json');
    },
  );

  it('fails an unsupported Content-Encoding with UNSUPPORTED_MEDIA_TYPE', async () => {
    await rejection(
      parse({ body: ndjson(created), contentEncoding: 'compress' }),
      'UNSUPPORTED_MEDIA_TYPE',
    );
  });

  it('fails corrupt compressed data with INVALID_BODY', async () => {
    await rejection(parse({ body: 'plain text', contentEncoding: 'br' }), 'INVALID_BODY');
  });

  it('stops a gzip bomb of NDJSON with PAYLOAD_TOO_LARGE', async () => {
    const bomb = await compressionBomb('gzip', 1024);
    const started = performance.now();
    const error = await rejection(
      parseBatch(bomb.stream, {
        stream: 'tickets',
        tenant: 'acme',
        contentType: NDJSON,
        contentEncoding: 'gzip',
        limits: { ...DEFAULT_LIMITS, maxDecompressedBytes: 16 * MiB },
        now: NOW,
      }),
      'PAYLOAD_TOO_LARGE',
    );
    expect(error.details).toMatchObject({ setting: 'limits.maxDecompressedBytes' });
    expect(performance.now() - started).toBeLessThan(3000);
    expect(bomb.sent).toBeLessThan(bomb.totalCompressedBytes / 8);
  });
});

describe('parseBatch: telemetry', () => {
  it('routes samples to endpoint_samples and events to endpoint_events', async () => {
    const batch = await parse({
      stream: 'telemetry',
      body: ndjson(
        sample,
        crash,
        { ...sample, device_id: 'pc-2', cpu_pct: undefined },
        { ...crash, app: undefined },
      ),
    });
    expect(batch.accepted).toBe(3);
    expect(batch.rejected).toEqual([
      { line: 4, path: 'app', message: 'is required when type is "app_crash"' },
    ]);
    expect(rowsOf(batch, 'endpoint_samples')).toEqual([
      { tenant: 'acme', ...sample },
      { tenant: 'acme', ...sample, device_id: 'pc-2', cpu_pct: undefined },
    ]);
    expect(rowsOf(batch, 'endpoint_events')).toEqual([{ tenant: 'acme', ...crash }]);
  });

  it('applies the clock-skew rule to telemetry', async () => {
    const batch = await parse({
      stream: 'telemetry',
      body: ndjson({ ...sample, occurred_at: '2026-03-02T11:00:00Z' }),
    });
    expect(batch.rejected).toEqual([
      { line: 1, path: 'occurred_at', message: expect.any(String) as string },
    ]);
  });

  it('rejects telemetry sent to the ticket route and tickets sent to the telemetry route', async () => {
    const tickets = await parse({ body: ndjson(sample) });
    expect(tickets.rejected).toEqual([
      { line: 1, path: 'event_id', message: expect.any(String) as string },
    ]);
    const telemetry = await parse({ stream: 'telemetry', body: ndjson(created) });
    expect(telemetry.rejected).toEqual([
      { line: 1, path: 'kind', message: expect.any(String) as string },
    ]);
  });
});
