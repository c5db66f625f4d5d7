import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The pid recorded in an embedded ClickHouse directory's `status` file, if
 * that process is still alive and is not us. chDB's own lock failure surfaces
 * only as a generic connection error (plus a line on stderr), so we look
 * first and say clearly who holds the directory.
 */
export function embeddedLockHolder(path: string): number | undefined {
  let status: string;
  try {
    status = readFileSync(join(path, 'status'), 'utf8');
  } catch {
    return undefined;
  }
  const pid = Number(/^PID:\s*(\d+)/m.exec(status)?.[1]);
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return undefined;
  try {
    process.kill(pid, 0);
    return pid;
  } catch (error) {
    // EPERM means the process exists but belongs to someone else: still a holder.
    return (error as NodeJS.ErrnoException).code === 'EPERM' ? pid : undefined;
  }
}
