import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

export const CLI = fileURLToPath(new URL('../../bin/deskpulse.js', import.meta.url));

/** A port that was free a moment ago on loopback. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        resolve(typeof address === 'object' && address !== null ? address.port : 0);
      });
    });
  });
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the deskpulse CLI to completion. */
export function runCli(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('close', (code) => {
      resolve({ code, stdout, stderr });
    });
  });
}

export interface RunningService {
  child: ChildProcess;
  url: string;
  output(): string;
  exited: Promise<number | null>;
}

/** Starts `deskpulse start` (or `command`) as a child process and waits until /readyz answers 200. */
export async function startService(
  dataDir: string,
  env: NodeJS.ProcessEnv = {},
  timeoutMs = 60_000,
  command: 'start' | 'ingest' | 'query' = 'start',
): Promise<RunningService> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [CLI, command, '--data-dir', dataDir, '--port', String(port)],
    {
      env: { ...process.env, DESKPULSE_LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const collect = (d: Buffer): void => {
    output += d.toString();
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', resolve);
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`deskpulse exited early (${child.exitCode}):\n${output}`);
    try {
      if ((await fetch(`${url}/readyz`)).status === 200)
        return { child, url, output: () => output, exited };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`deskpulse did not become ready in ${timeoutMs} ms:\n${output}`);
}

/** The key printed by `deskpulse keys create`. */
export function keyFromOutput(stdout: string): string {
  const match = /(dp_[a-z0-9]{12}_[A-Za-z0-9_-]{43})/.exec(stdout);
  if (match?.[1] === undefined) throw new Error(`no key in output:\n${stdout}`);
  return match[1];
}

/**
 * `deskpulse keys create` with the given store or remote arguments; returns
 * the printed key and fails loudly when the command does.
 */
export async function createKeyWithCli(
  where: readonly string[],
  tenant: string,
  scopes: string,
  env: NodeJS.ProcessEnv = {},
): Promise<string> {
  const created = await runCli(
    ['keys', 'create', ...where, '--tenant', tenant, '--scopes', scopes],
    env,
  );
  if (created.code !== 0)
    throw new Error(`keys create failed (${created.code}):\n${created.stderr}`);
  return keyFromOutput(created.stdout);
}
