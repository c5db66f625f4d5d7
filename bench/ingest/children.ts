/**
 * Child processes of the benchmark. chDB is one engine per process, bound to
 * one data directory, so every measurement that touches the engine runs in
 * its own process on its own fresh directory.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { CLI, freePort, type RunningService } from '../../test/helpers/child.ts';
import type { FloorReply, FloorRequest } from './floor-child.ts';

const RUN_TS = fileURLToPath(new URL('../../bin/run-ts.js', import.meta.url));
const FLOOR_CHILD = fileURLToPath(new URL('./floor-child.ts', import.meta.url));
const NAIVE_SERVICE = fileURLToPath(new URL('./naive-service.ts', import.meta.url));

function collectOutput(child: ChildProcess): () => string {
  let output = '';
  const collect = (d: Buffer): void => {
    output += d.toString();
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  return () => output;
}

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    child.once('exit', resolve);
  });
}

export interface FloorChild {
  readonly pid: number;
  /** Sends one request and resolves with the child's answer (one at a time). */
  request(message: FloorRequest): Promise<FloorReply>;
  close(): Promise<void>;
}

/** Starts the floor child and waits until its store is migrated. */
export async function startFloorChild(
  dataDir: string,
  workloadDir: string,
  concurrency: number,
): Promise<FloorChild> {
  const args = ['--data-dir', dataDir, '--workload', workloadDir];
  const child = spawn(
    process.execPath,
    [RUN_TS, FLOOR_CHILD, ...args, '--concurrency', String(concurrency)],
    { stdio: ['ignore', 'pipe', 'pipe', 'ipc'] },
  );
  const output = collectOutput(child);
  const exited = exitOf(child);
  const next = (): Promise<FloorReply> =>
    new Promise((resolve, reject) => {
      const onExit = (code: number | null): void => {
        reject(new Error(`floor child exited (${code}):\n${output()}`));
      };
      child.once('exit', onExit);
      child.once('message', (message) => {
        child.off('exit', onExit);
        resolve(message as FloorReply);
      });
    });
  await next(); // { op: 'ready' }
  return {
    pid: child.pid ?? 0,
    request(message) {
      const answer = next();
      child.send(message);
      return answer;
    },
    async close() {
      if (child.exitCode !== null) return;
      child.send({ op: 'exit' } satisfies FloorRequest);
      await exited;
    },
  };
}

/** Spawns `node [nodeArgs] script args(port)` and waits until /readyz answers 200. */
async function startHttpChild(
  label: string,
  nodeArgs: readonly string[],
  args: (port: number) => string[],
  env: NodeJS.ProcessEnv,
  timeoutMs = 60_000,
): Promise<RunningService> {
  const port = await freePort();
  const child = spawn(process.execPath, [...nodeArgs, ...args(port)], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = collectOutput(child);
  const exited = exitOf(child);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`${label} exited early (${child.exitCode}):\n${output()}`);
    try {
      if ((await fetch(`${url}/readyz`)).status === 200) return { child, url, output, exited };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`${label} did not become ready in ${timeoutMs} ms:\n${output()}`);
}

/**
 * `deskpulse start --data-dir D --port P`, as test/helpers/child.ts starts it,
 * plus optional node flags (--cpu-prof is not allowed in NODE_OPTIONS).
 */
export function startDeskpulseService(
  dataDir: string,
  env: NodeJS.ProcessEnv,
  nodeArgs: readonly string[] = [],
): Promise<RunningService> {
  return startHttpChild(
    'deskpulse',
    nodeArgs,
    (port) => [CLI, 'start', '--data-dir', dataDir, '--port', String(port)],
    { DESKPULSE_LOG_LEVEL: 'warn', ...env },
  );
}

/** The naive service on a fresh port, once /readyz answers. */
export function startNaiveService(dataDir: string): Promise<RunningService> {
  return startHttpChild(
    'naive service',
    [],
    (port) => [RUN_TS, NAIVE_SERVICE, '--data-dir', dataDir, '--port', String(port)],
    {},
  );
}

/** SIGTERM (a graceful stop), then SIGKILL if it takes longer than `graceMs`. */
export async function stopService(service: RunningService, graceMs = 30_000): Promise<void> {
  if (service.child.exitCode !== null) return;
  service.child.kill('SIGTERM');
  const timer = setTimeout(() => service.child.kill('SIGKILL'), graceMs);
  try {
    await service.exited;
  } finally {
    clearTimeout(timer);
  }
}
