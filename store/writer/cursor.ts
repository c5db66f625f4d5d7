import { readFile, rename, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { errnoCode, type WriterLogger } from './fs-util.ts';

/*
 * The replay cursor: where the next unreplayed record starts. Written with
 * tmp + rename so it is never half-written, but not synced: after a crash an
 * older cursor only replays records again, and the store deduplicates them.
 */

const CURSOR_FILE = 'cursor.json';
const CURSOR_TMP = 'cursor.json.tmp';

export interface SpoolPosition {
  segment: number;
  offset: number;
}

export async function readCursor(
  dir: string,
  logger: WriterLogger,
): Promise<SpoolPosition | undefined> {
  await unlink(path.join(dir, CURSOR_TMP)).catch(() => undefined);
  let text: string;
  try {
    text = await readFile(path.join(dir, CURSOR_FILE), 'utf8');
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return undefined;
    throw err;
  }
  const position = parse(text);
  if (position === undefined) {
    logger.warn(
      { spoolDir: dir, cursor: text.slice(0, 200) },
      'spool cursor unreadable; replaying from the oldest segment (duplicates are deduplicated by key)',
    );
  }
  return position;
}

function parse(text: string): SpoolPosition | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  if (!('segment' in value) || !('offset' in value)) return undefined;
  const { segment, offset } = value;
  if (typeof segment !== 'number' || typeof offset !== 'number') return undefined;
  if (!Number.isSafeInteger(segment) || !Number.isSafeInteger(offset)) return undefined;
  if (segment < 0 || offset < 0) return undefined;
  return { segment, offset };
}

export async function writeCursor(dir: string, position: SpoolPosition): Promise<void> {
  const tmp = path.join(dir, CURSOR_TMP);
  await writeFile(tmp, JSON.stringify(position));
  await rename(tmp, path.join(dir, CURSOR_FILE));
}
