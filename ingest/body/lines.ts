/** One NDJSON line: its bytes, or only its number when it was over the length limit. */
export type NdjsonLine =
  { line: number; bytes: Buffer; tooLong?: false } | { line: number; tooLong: true };

const NEWLINE = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const TAB = 0x09;

// Blank means nothing but spaces, tabs and CRs; a JSON text never starts with one
// of those in practice, so for real lines this loop stops at the first byte.
function isBlank(bytes: Buffer): boolean {
  for (const byte of bytes) {
    if (byte !== SPACE && byte !== TAB && byte !== CR) return false;
  }
  return true;
}

function withoutCr(bytes: Buffer): Buffer {
  return bytes.length > 0 && bytes[bytes.length - 1] === CR ? bytes.subarray(0, -1) : bytes;
}

/**
 * Splits a byte stream into NDJSON lines, numbered from 1, a chunk at a time.
 * Blank lines are skipped but keep their number; `\r\n` endings and a last
 * line without a newline are accepted. A line longer than `maxLineBytes` (not
 * counting its line ending) is reported as `tooLong` once, as soon as it is
 * known, and its bytes are dropped as they arrive, so one endless line cannot
 * fill memory. Lines inside one chunk are views of that chunk; only a line
 * spanning chunks is copied.
 *
 * Synchronous per chunk on purpose: an await per line costs more than
 * splitting the line does.
 */
export class NdjsonSplitter {
  #line = 1;
  #pending: Buffer[] = [];
  #pendingBytes = 0;
  #skipping = false;

  constructor(private readonly maxLineBytes: number) {}

  /** The lines a chunk completes, in order. */
  push(chunk: Buffer): NdjsonLine[] {
    const out: NdjsonLine[] = [];
    let start = 0;
    for (let nl = chunk.indexOf(NEWLINE); nl !== -1; nl = chunk.indexOf(NEWLINE, start)) {
      if (!this.#skipping) this.#emit(out, this.#joinPending(chunk.subarray(start, nl)));
      this.#pending = [];
      this.#pendingBytes = 0;
      this.#skipping = false;
      this.#line += 1;
      start = nl + 1;
    }
    if (!this.#skipping && start < chunk.length) this.#hold(out, chunk, start);
    return out;
  }

  /** The last line, when the stream did not end with a newline. */
  end(): NdjsonLine[] {
    const out: NdjsonLine[] = [];
    if (!this.#skipping && this.#pendingBytes > 0) this.#emit(out, this.#joinPending(undefined));
    this.#pending = [];
    this.#pendingBytes = 0;
    return out;
  }

  #hold(out: NdjsonLine[], chunk: Buffer, start: number): void {
    this.#pendingBytes += chunk.length - start;
    // One byte of slack: the line may yet end in "\r\n", which is not content.
    if (this.#pendingBytes > this.maxLineBytes + 1) {
      this.#pending = [];
      this.#pendingBytes = 0;
      this.#skipping = true;
      out.push({ line: this.#line, tooLong: true });
    } else {
      this.#pending.push(start === 0 ? chunk : chunk.subarray(start));
    }
  }

  #joinPending(tail: Buffer | undefined): Buffer {
    const pending = this.#pending;
    if (pending.length === 0) return tail ?? Buffer.alloc(0);
    if (tail !== undefined) pending.push(tail);
    if (pending.length === 1 && pending[0] !== undefined) return pending[0];
    return Buffer.concat(pending, this.#pendingBytes + (tail?.length ?? 0));
  }

  #emit(out: NdjsonLine[], raw: Buffer): void {
    const bytes = withoutCr(raw);
    if (bytes.length > this.maxLineBytes) out.push({ line: this.#line, tooLong: true });
    else if (!isBlank(bytes)) out.push({ line: this.#line, bytes });
  }
}

/** NdjsonSplitter over a stream, one line per iteration. */
export async function* ndjsonLines(
  chunks: AsyncIterable<Buffer>,
  maxLineBytes: number,
): AsyncGenerator<NdjsonLine, void, undefined> {
  const splitter = new NdjsonSplitter(maxLineBytes);
  for await (const chunk of chunks) yield* splitter.push(chunk);
  yield* splitter.end();
}
