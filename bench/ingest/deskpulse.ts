/** The real service as a benchmark target: a fresh data directory, an ingest key, `deskpulse start`. */
import { mkdirSync } from 'node:fs';
import { createKeyWithCli } from '../../test/helpers/child.ts';
import { startDeskpulseService } from './children.ts';
import type { BenchOptions } from './options.ts';
import { int } from './report.ts';
import { httpTarget, type Target } from './targets.ts';
import type { Workload } from './workload.ts';

const TENANT = 'bench';
export const TICKETS_PATH = '/v1/tickets/events';
// Production defaults throughout, except the per-key rate limit (default 1,200
// requests a minute), which a single benchmark key would hit within seconds.
export const SERVICE_ENV = { DESKPULSE_RATE_LIMIT_PER_MINUTE: '10000000' };

type Log = (phase: string, message: string) => void;

export interface DeskpulseSpec {
  name: string;
  dataDir: string;
  workload: Workload;
  /** What goes on the wire, aligned with workload.batches. */
  bodies: readonly Buffer[];
  encoding?: 'gzip';
}

export interface DeskpulseTarget {
  name: string;
  target: Target;
  url: string;
  key: string;
}

/** `deskpulse keys create` then `deskpulse start`, on a fresh data directory. */
export async function startDeskpulse(
  spec: DeskpulseSpec,
  options: BenchOptions,
  log: Log,
): Promise<DeskpulseTarget> {
  const { name, dataDir, encoding } = spec;
  mkdirSync(dataDir, { recursive: true });
  const key = await createKeyWithCli(['--data-dir', dataDir], TENANT, 'ingest', SERVICE_ENV);
  const profile =
    options.cpuProf === undefined || encoding !== undefined
      ? []
      : ['--cpu-prof', `--cpu-prof-dir=${options.cpuProf}`];
  const env = { ...SERVICE_ENV, ...options.serviceEnv };
  const service = await startDeskpulseService(dataDir, env, profile);
  if (profile.length > 0) log(name, `CPU profile → ${options.cpuProf ?? ''} (written at exit)`);
  log(name, `deskpulse start --data-dir ${dataDir} ready at ${service.url}`);
  const target = httpTarget({
    name,
    service,
    workload: spec.workload,
    bodies: spec.bodies,
    clients: options.clients,
    path: TICKETS_PATH,
    key,
    ...(encoding === undefined ? {} : { encoding }),
  });
  return { name, target, url: service.url, key };
}

/** Compares what the store holds (FINAL, so duplicates collapse) with what was acknowledged. */
export async function checkStored(deskpulse: DeskpulseTarget, log: Log): Promise<void> {
  const response = await fetch(`${deskpulse.url}/v1/ingest/status`, {
    headers: { authorization: `Bearer ${deskpulse.key}` },
  });
  const body = (await response.json()) as { ticket_events?: unknown };
  const stored = typeof body.ticket_events === 'number' ? body.ticket_events : Number.NaN;
  const acknowledged = deskpulse.target.acknowledged;
  log(
    deskpulse.name,
    `stored (FINAL count, /v1/ingest/status): ${int(stored)} of ${int(acknowledged)} acknowledged ` +
      `(warm-up included)${stored === acknowledged ? '' : '  MISMATCH'}`,
  );
}
