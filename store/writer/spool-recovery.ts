import { open } from 'node:fs/promises';
import { fileTimestamp, readAt, writeNewFileDurably, type WriterLogger } from './fs-util.ts';
import { RecordReader } from './record-reader.ts';

/*
 * Damage a spool can hold: a torn tail (a crash cut the last write short; it
 * was never acknowledged, so it is cut off) and corrupt records (bad magic or
 * checksum; the rest of the segment is moved to quarantine for a human, since
 * record boundaries after it cannot be trusted).
 */

const SCAN_WINDOW = 4 * 1024 * 1024;

export interface CorruptPart {
  readonly quarantineDir: string;
  readonly segmentName: string;
  readonly segment: number;
  readonly offset: number;
  readonly data: Buffer;
  readonly reason: string;
}

/** Saves a corrupt part of a segment under quarantine/ and logs it loudly. */
export async function quarantineCorruptPart(
  part: CorruptPart,
  logger: WriterLogger,
): Promise<void> {
  const stem = `${fileTimestamp()}-${part.segmentName.replace(/\.seg$/, '')}-at-${part.offset}`;
  const file = await writeNewFileDurably(part.quarantineDir, stem, '.seg', part.data);
  logger.error(
    {
      code: 'SPOOL_CORRUPT',
      segment: part.segment,
      offset: part.offset,
      bytes: part.data.length,
      reason: part.reason,
      file,
    },
    'SPOOL_CORRUPT: a spool record failed its checksum; the rest of its segment was moved to quarantine and skipped',
  );
}

/**
 * Checks the records of the segment at `file` from `from` (a record
 * boundary) to `size`, and cuts off whatever follows the last good one.
 * Returns the new size.
 */
export async function repairSegment(
  file: string,
  from: number,
  size: number,
  logger: WriterLogger,
  onCorrupt: (offset: number, data: Buffer, reason: string) => Promise<void>,
): Promise<number> {
  const handle = await open(file, 'r+');
  try {
    const reader = new RecordReader(handle, size, SCAN_WINDOW);
    let pos = from;
    let problem: string | undefined;
    while (pos < size) {
      const result = await reader.at(pos);
      if (result.kind !== 'ok') {
        problem = result.kind === 'corrupt' ? result.reason : undefined;
        break;
      }
      pos += result.size;
    }
    if (pos >= size) return size;

    const rest = await readAt(handle, pos, size - pos);
    // Some file systems leave zeros after a crash where data never landed.
    if (problem === undefined || rest.every((byte) => byte === 0)) {
      logger.warn(
        { file, offset: pos, bytes: size - pos },
        'spool: cut a torn tail left by a crash (it was never acknowledged)',
      );
    } else {
      await onCorrupt(pos, rest, problem);
    }
    await handle.truncate(pos);
    await handle.sync();
    return pos;
  } finally {
    await handle.close();
  }
}
