import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ndjsonLines } from './lines.ts';
import type { NdjsonLine } from './lines.ts';
import { chunksOf, cutAt } from './test-support.ts';

async function* fromChunks(chunks: Buffer[]): AsyncGenerator<Buffer> {
  for (const chunk of chunks) {
    await Promise.resolve();
    yield chunk;
  }
}

type Seen = { line: number; text: string } | { line: number; tooLong: true };

async function split(chunks: Buffer[], maxLineBytes = 1000): Promise<Seen[]> {
  const seen: Seen[] = [];
  for await (const item of ndjsonLines(fromChunks(chunks), maxLineBytes)) {
    seen.push(describeLine(item));
  }
  return seen;
}

function describeLine(item: NdjsonLine): Seen {
  return item.tooLong === true
    ? { line: item.line, tooLong: true }
    : { line: item.line, text: item.bytes.toString('utf8') };
}

const text = (value: string): Buffer[] => [Buffer.from(value)];

describe('ndjsonLines', () => {
  it('numbers lines from 1', async () => {
    expect(await split(text('a\nb\nc\n'))).toEqual([
      { line: 1, text: 'a' },
      { line: 2, text: 'b' },
      { line: 3, text: 'c' },
    ]);
  });

  it('yields a last line that has no newline', async () => {
    expect(await split(text('a\nb'))).toEqual([
      { line: 1, text: 'a' },
      { line: 2, text: 'b' },
    ]);
  });

  it('strips \\r of \\r\\n endings, also on a last line without \\n', async () => {
    expect(await split(text('a\r\nb\r\nc\r'))).toEqual([
      { line: 1, text: 'a' },
      { line: 2, text: 'b' },
      { line: 3, text: 'c' },
    ]);
  });

  it('keeps a \\r that is not at the end of a line', async () => {
    expect(await split(text('a\rb\n'))).toEqual([{ line: 1, text: 'a\rb' }]);
  });

  it('skips blank lines but counts them', async () => {
    expect(await split(text('\n\na\n \t \r\n\r\nb\n\n'))).toEqual([
      { line: 3, text: 'a' },
      { line: 6, text: 'b' },
    ]);
  });

  it('yields nothing for empty or all-blank input', async () => {
    expect(await split([])).toEqual([]);
    expect(await split(text(''))).toEqual([]);
    expect(await split(text('\n\r\n  \n'))).toEqual([]);
  });

  it('reassembles a line split across many 1-byte chunks', async () => {
    const body = Buffer.from('{"ünï":"cødé"}\r\n\n{"b":2}');
    expect(await split(chunksOf(body, 1))).toEqual([
      { line: 1, text: '{"ünï":"cødé"}' },
      { line: 3, text: '{"b":2}' },
    ]);
  });

  it('handles a \\r\\n split between chunks', async () => {
    expect(await split([Buffer.from('a\r'), Buffer.from('\nb')])).toEqual([
      { line: 1, text: 'a' },
      { line: 2, text: 'b' },
    ]);
  });

  it('gives lines inside a chunk as views of it, without copying', async () => {
    const chunk = Buffer.from('abc\ndef\n');
    const lines: Buffer[] = [];
    for await (const item of ndjsonLines(fromChunks([chunk]), 100)) {
      if (item.tooLong !== true) lines.push(item.bytes);
    }
    expect(lines.map((line) => line.buffer)).toEqual([chunk.buffer, chunk.buffer]);
  });

  describe('maxLineBytes', () => {
    it('accepts a line of exactly maxLineBytes, with or without \\r', async () => {
      const line = 'x'.repeat(10);
      expect(await split(text(`${line}\n${line}\r\n${line}`), 10)).toEqual([
        { line: 1, text: line },
        { line: 2, text: line },
        { line: 3, text: line },
      ]);
    });

    it('reports a longer line once, by number, and carries on after it', async () => {
      const long = 'y'.repeat(11);
      expect(await split(text(`a\n${long}\nb\n${long}`), 10)).toEqual([
        { line: 1, text: 'a' },
        { line: 2, tooLong: true },
        { line: 3, text: 'b' },
        { line: 4, tooLong: true },
      ]);
    });

    it('does not buffer an overlong line that arrives in pieces', async () => {
      const chunks = [
        Buffer.from('a\n'),
        ...Array.from({ length: 1000 }, () => Buffer.alloc(1000, 0x7a)),
      ];
      chunks.push(Buffer.from('z\n\nb\n'));
      const seen: Seen[] = [];
      const iterator = ndjsonLines(fromChunks(chunks), 5000);
      for await (const item of iterator) seen.push(describeLine(item));
      expect(seen).toEqual([
        { line: 1, text: 'a' },
        { line: 2, tooLong: true },
        { line: 4, text: 'b' },
      ]);
    });

    it('reports an overlong line as soon as it passes the limit', async () => {
      const iterator = ndjsonLines(fromChunks([Buffer.alloc(20, 0x7a)]), 10);
      const first = await iterator.next();
      expect(first.value).toEqual({ line: 1, tooLong: true });
    });
  });

  it('gives the same lines whatever the chunking', async () => {
    const lineArb = fc.oneof(
      fc.constant(''),
      fc.constantFrom(' ', '\t'),
      fc.string({ unit: 'binary', maxLength: 30 }).filter((s) => !/[\r\n]/.test(s)),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(lineArb, fc.constantFrom('\n', '\r\n')), { maxLength: 30 }),
        fc.boolean(),
        fc.array(fc.nat({ max: 2000 }), { maxLength: 40 }),
        async (lines, finalNewline, cuts) => {
          const body = lines
            .map(([line, eol], i) => (i === lines.length - 1 && !finalNewline ? line : line + eol))
            .join('');
          const expected = lines.flatMap(([line], i) =>
            /^[ \t]*$/.test(line) ? [] : [{ line: i + 1, text: line }],
          );
          expect(await split(cutAt(Buffer.from(body), cuts), 1000)).toEqual(expected);
        },
      ),
      { numRuns: 100 },
    );
  });
});
