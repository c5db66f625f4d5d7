import { readFile, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DeskpulseError } from '../../schemas/errors.ts';
import { errnoCode, type WriterLogger } from './fs-util.ts';

/*
 * A pid file, not an OS lock: Node has no flock. It keeps two deskpulse
 * processes (or two writers in one process) from appending to the same spool,
 * which would interleave their records. A LOCK left by a dead process, or by
 * an earlier run that had our pid (pid 1 in every container), is stale.
 */

const LOCK_FILE = 'LOCK';

/** Spool directories held by this process: the pid check cannot tell them apart. */
const heldHere = new Set<string>();

export interface DirLock {
  release(): Promise<void>;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to another user.
    return errnoCode(err) === 'EPERM';
  }
}

function lockedError(dir: string, detail: string): DeskpulseError {
  return new DeskpulseError(
    'STORE_LOCKED',
    `spool directory ${dir} is in use: ${detail}. Stop the other deskpulse process or use another spool directory.`,
    { spoolDir: dir },
  );
}

export async function acquireDirLock(dir: string, logger: WriterLogger): Promise<DirLock> {
  const key = path.resolve(dir);
  if (heldHere.has(key)) throw lockedError(dir, 'it is already open in this process');
  const file = path.join(dir, LOCK_FILE);
  const content = `${process.pid}\n`;

  try {
    await writeFile(file, content, { flag: 'wx' });
  } catch (err) {
    if (errnoCode(err) !== 'EEXIST') throw err;
    const text = await readFile(file, 'utf8').catch(() => '');
    const pid = Number.parseInt(text.trim(), 10);
    if (Number.isSafeInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid)) {
      throw lockedError(dir, `${file} names running process ${pid}`);
    }
    logger.warn({ spoolDir: dir, stalePid: text.trim() }, 'taking over a stale spool LOCK');
    await unlink(file).catch((e: unknown) => {
      if (errnoCode(e) !== 'ENOENT') throw e;
    });
    try {
      await writeFile(file, content, { flag: 'wx' });
    } catch (e) {
      if (errnoCode(e) === 'EEXIST')
        throw lockedError(dir, 'another process took the LOCK just now');
      throw e;
    }
  }
  heldHere.add(key);

  let released = false;
  return {
    async release() {
      if (released) return;
      released = true;
      heldHere.delete(key);
      // Only remove the file if it is still ours.
      const text = await readFile(file, 'utf8').catch(() => '');
      if (text === content) await unlink(file).catch(() => undefined);
    },
  };
}
