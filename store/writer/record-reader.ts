import type { FileHandle } from 'node:fs/promises';
import { readAt } from './fs-util.ts';
import { decodeRecord, type DecodeResult } from './spool-format.ts';

/**
 * Reads records of one segment file up to `end` through a window buffer, so a
 * run of small records costs one read, and a record bigger than the window
 * costs exactly one more.
 */
export class RecordReader {
  private buf: Buffer = Buffer.alloc(0);
  private bufStart = 0;
  private end: number;

  constructor(
    private readonly handle: FileHandle,
    end: number,
    private readonly window: number,
  ) {
    this.end = end;
  }

  /**
   * The record at `pos`. 'torn' means it runs past `end` (or past the real
   * end of the file), or, when `maxSize` is given, that it is bigger than
   * that and was not fetched.
   */
  async at(pos: number, maxSize = Infinity): Promise<DecodeResult> {
    let needed: number | undefined;
    // Each pass either decodes or widens the buffer up to what the header
    // asked for or to `end`; three passes always suffice.
    for (let pass = 0; pass < 3; pass++) {
      if (pos >= this.end) return { kind: 'torn', size: undefined };
      const bufEnd = this.bufStart + this.buf.length;
      if (pos >= this.bufStart && pos < bufEnd) {
        const result = decodeRecord(this.buf, pos - this.bufStart);
        if (result.kind !== 'torn') return result;
        if (bufEnd >= this.end) return result;
        if (result.size !== undefined && result.size > maxSize) return result;
        needed = result.size;
      }
      const want = Math.min(this.end - pos, Math.max(this.window, needed ?? 0));
      this.buf = await readAt(this.handle, pos, want);
      this.bufStart = pos;
      // The file is shorter than we were told; never read past what is there.
      if (this.buf.length < want) this.end = pos + this.buf.length;
    }
    return { kind: 'torn', size: needed };
  }
}
