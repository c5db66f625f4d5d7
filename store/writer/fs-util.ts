import { open, type FileHandle } from 'node:fs/promises';
import path from 'node:path';

/** Minimal logger; pino's Logger fits it. */
export interface WriterLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export function errnoCode(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null || !('code' in err)) return undefined;
  return typeof err.code === 'string' ? err.code : undefined;
}

/** For log objects: an Error's fields survive JSON, a bare Error does not. */
export function errorFields(err: unknown): Record<string, unknown> {
  if (err instanceof Error) {
    return { name: err.name, message: err.message, code: errnoCode(err), stack: err.stack };
  }
  return { message: String(err) };
}

/**
 * A new file's name only survives a crash once its directory is synced.
 * Some platforms cannot sync a directory; there, the file sync is all we get.
 */
export async function fsyncDir(dir: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch (err) {
    const code = errnoCode(err);
    if (code !== 'EISDIR' && code !== 'EINVAL' && code !== 'EPERM' && code !== 'EBADF') throw err;
  } finally {
    await handle?.close();
  }
}

/** Reads up to `length` bytes at `position`; shorter only at end of file. */
export async function readAt(
  handle: FileHandle,
  position: number,
  length: number,
): Promise<Buffer> {
  const buf = Buffer.allocUnsafe(length);
  let filled = 0;
  while (filled < length) {
    const { bytesRead } = await handle.read(buf, filled, length - filled, position + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return filled === length ? buf : buf.subarray(0, filled);
}

export async function writeAll(handle: FileHandle, data: Buffer): Promise<void> {
  let written = 0;
  while (written < data.length) {
    const { bytesWritten } = await handle.write(data, written, data.length - written);
    written += bytesWritten;
  }
}

/** A timestamp that is safe in file names on every platform. */
export function fileTimestamp(date = new Date()): string {
  return date.toISOString().replace(/[:.]/g, '-');
}

/**
 * Writes `data` to a new file `<dir>/<stem><suffix>` (adding -1, -2… to the
 * stem if that name is taken: quarantine must never overwrite earlier
 * evidence), syncs file and directory, and returns the path.
 */
export async function writeNewFileDurably(
  dir: string,
  stem: string,
  suffix: string,
  data: Buffer,
): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    const file = path.join(dir, `${stem}${attempt === 0 ? '' : `-${attempt}`}${suffix}`);
    let handle: FileHandle;
    try {
      handle = await open(file, 'wx');
    } catch (err) {
      if (errnoCode(err) === 'EEXIST' && attempt < 1000) continue;
      throw err;
    }
    try {
      await writeAll(handle, data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fsyncDir(dir);
    return file;
  }
}
