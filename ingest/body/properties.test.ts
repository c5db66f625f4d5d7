import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { telemetrySchema } from '../../schemas/telemetry.ts';
import { ticketEventSchema } from '../../schemas/ticket-event.ts';
import { rowPrefix, telemetryRow, ticketEventRow } from '../../store/rows.ts';
import type { RawTable } from '../../store/tables.ts';
import { telemetryArbitrary, ticketEventArbitrary } from './arbitraries.ts';
import { invalidTicketLineArbitrary } from './invalid-arbitraries.ts';
import { parseBatch } from './parse-batch.ts';
import type { ParsedBatch } from './parse-batch.ts';
import { cutAt, DEFAULT_LIMITS, sourceOf } from './test-support.ts';

// After every generated timestamp (2000..2030), so the skew rule never bites valid events.
const NOW = Date.parse('2031-01-01T00:00:00Z');
const TENANT = 'acme';

function run(
  body: Buffer,
  cuts: readonly number[],
  stream: 'tickets' | 'telemetry',
): Promise<ParsedBatch> {
  return parseBatch(sourceOf(cutAt(body, cuts)), {
    stream,
    tenant: TENANT,
    contentType: 'application/x-ndjson',
    contentEncoding: undefined,
    limits: DEFAULT_LIMITS,
    now: NOW,
  });
}

function rowsIn(batch: ParsedBatch, table: RawTable): unknown[] {
  const text = batch.chunks.get(table)?.ndjson.toString('utf8') ?? '';
  return text === ''
    ? []
    : text
        .slice(0, -1)
        .split('\n')
        .map((line): unknown => JSON.parse(line));
}

const parsedRow = (row: string): unknown => JSON.parse(row);

/** Lines joined with random endings: \n or \r\n, with or without a final one. */
const layout = fc.record({
  crlf: fc.array(fc.boolean(), { maxLength: 50 }),
  finalNewline: fc.boolean(),
  cuts: fc.array(fc.nat({ max: 20_000 }), { maxLength: 60 }),
});

function joinLines(
  lines: readonly string[],
  crlf: readonly boolean[],
  finalNewline: boolean,
): Buffer {
  const ending = (i: number): string => (crlf[i] === true ? '\r\n' : '\n');
  const text = lines
    .map((line, i) => (i < lines.length - 1 || finalNewline ? line + ending(i) : line))
    .join('');
  return Buffer.from(text);
}

const blank = fc.constantFrom('', ' ', '\t', '  \t ');

describe('arbitraries', () => {
  it('generate events the contracts accept', () => {
    fc.assert(
      fc.property(ticketEventArbitrary(), (event) => {
        expect(ticketEventSchema.safeParse(event).error).toBeUndefined();
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(telemetryArbitrary(), (record) => {
        expect(telemetrySchema.safeParse(record).error).toBeUndefined();
      }),
      { numRuns: 300 },
    );
  });
});

describe('parseBatch properties', () => {
  it('accepts every valid ticket event, however the body is chunked', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(ticketEventArbitrary(), { maxLength: 40 }),
        layout,
        async (events, shape) => {
          const body = joinLines(
            events.map((e) => JSON.stringify(e)),
            shape.crlf,
            shape.finalNewline,
          );
          const batch = await run(body, shape.cuts, 'tickets');
          expect(batch.rejected).toEqual([]);
          expect(batch.accepted).toBe(events.length);
          expect(rowsIn(batch, 'ticket_events')).toEqual(
            events.map((e) => parsedRow(ticketEventRow(rowPrefix(TENANT), e))),
          );
        },
      ),
      { numRuns: 60 },
    );
  });

  it('accepts every valid telemetry record and routes it by kind', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(telemetryArbitrary(), { maxLength: 40 }),
        layout,
        async (records, shape) => {
          const body = joinLines(
            records.map((r) => JSON.stringify(r)),
            shape.crlf,
            shape.finalNewline,
          );
          const batch = await run(body, shape.cuts, 'telemetry');
          expect(batch.rejected).toEqual([]);
          expect(batch.accepted).toBe(records.length);
          const expected = records.map((r) => telemetryRow(rowPrefix(TENANT), r));
          for (const table of ['endpoint_samples', 'endpoint_events'] as const) {
            const rows = expected.filter((r) => r.table === table).map((r) => parsedRow(r.row));
            expect(rowsIn(batch, table)).toEqual(rows);
          }
          expect(batch.chunks.has('ticket_events')).toBe(false);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('rejects every garbage line, with its number and a reason, and stores none', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(invalidTicketLineArbitrary({ now: NOW }), { minLength: 1, maxLength: 30 }),
        layout,
        async (lines, shape) => {
          const batch = await run(
            joinLines(lines, shape.crlf, shape.finalNewline),
            shape.cuts,
            'tickets',
          );
          expect(batch.accepted).toBe(0);
          expect(batch.chunks.size).toBe(0);
          expect(batch.rejectedCount).toBe(lines.length);
          expect(batch.rejected.map((r) => r.line)).toEqual(lines.map((_, i) => i + 1));
          for (const rejection of batch.rejected) expect(rejection.message).not.toBe('');
        },
      ),
      { numRuns: 150 },
    );
  });

  it('sorts a mix of valid, garbage and blank lines exactly', async () => {
    const item = fc.oneof(
      ticketEventArbitrary().map((event) => ({
        kind: 'valid' as const,
        event,
        line: JSON.stringify(event),
      })),
      invalidTicketLineArbitrary({ now: NOW }).map((line) => ({ kind: 'garbage' as const, line })),
      blank.map((line) => ({ kind: 'blank' as const, line })),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(item, { maxLength: 50 }), layout, async (items, shape) => {
        const body = joinLines(
          items.map((i) => i.line),
          shape.crlf,
          shape.finalNewline,
        );
        const batch = await run(body, shape.cuts, 'tickets');

        const valid = items.flatMap((i) => (i.kind === 'valid' ? [i.event] : []));
        const garbageLines = items.flatMap((i, index) => (i.kind === 'garbage' ? [index + 1] : []));
        const nonBlank = items.filter((i) => i.kind !== 'blank').length;
        expect(batch.accepted + batch.rejectedCount).toBe(nonBlank);
        expect(batch.accepted).toBe(valid.length);
        expect(batch.rejected.map((r) => r.line)).toEqual(garbageLines);
        expect(rowsIn(batch, 'ticket_events')).toEqual(
          valid.map((e) => parsedRow(ticketEventRow(rowPrefix(TENANT), e))),
        );
      }),
      { numRuns: 100 },
    );
  });

  it('treats a JSON array like NDJSON lines', async () => {
    const element = fc.oneof(
      ticketEventArbitrary().map((event) => ({ valid: true, value: event })),
      invalidTicketLineArbitrary({ now: NOW })
        .map((line): unknown => {
          try {
            return JSON.parse(line);
          } catch {
            return line; // a bare string is no event either
          }
        })
        .map((value) => ({ valid: false, value })),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(element, { maxLength: 30 }), async (elements) => {
        const batch = await parseBatch(
          sourceOf([Buffer.from(JSON.stringify(elements.map((e) => e.value)))]),
          {
            stream: 'tickets',
            tenant: TENANT,
            contentType: 'application/json',
            contentEncoding: undefined,
            limits: DEFAULT_LIMITS,
            now: NOW,
          },
        );
        expect(batch.accepted).toBe(elements.filter((e) => e.valid).length);
        expect(batch.rejected.map((r) => r.line)).toEqual(
          elements.flatMap((e, i) => (e.valid ? [] : [i + 1])),
        );
      }),
      { numRuns: 60 },
    );
  });
});
