import type { Logger } from 'pino';
import { ingestStatus } from '../../ingest/routes/status.ts';
import { DemoSimulator, runDemo, type DemoProgress } from '../demo/index.ts';
import type { Runtime } from '../runtime.ts';

export const DEMO_TENANT = 'demo';
const DEMO_KEY_NAME = 'demo (deskpulse start --demo)';
const BACKFILL_DAYS = 14;
const PROGRESS_EVERY_MS = 30_000;

/** Revokes the previous run's demo keys and makes a fresh one: a key is shown only once. */
async function freshDemoKey(runtime: Runtime): Promise<string> {
  for (const old of await runtime.keys.list(DEMO_TENANT)) {
    if (old.name === DEMO_KEY_NAME && old.revoked_at === null)
      await runtime.keys.revoke(old.key_id);
  }
  return (await runtime.keys.create(DEMO_TENANT, ['ingest', 'query', 'admin'], DEMO_KEY_NAME)).key;
}

function banner(address: string, key: string, backfillDays: number): string {
  const url = address.replace('0.0.0.0', '127.0.0.1');
  return [
    '',
    'Deskpulse is running with demo data.',
    '',
    `  API             ${url}`,
    `  API docs        ${url}/docs`,
    `  Metrics         ${url}/metrics`,
    `  Demo tenant     ${DEMO_TENANT}`,
    `  Demo API key    ${key}`,
    '',
    backfillDays > 0
      ? `Sending ${backfillDays} days of desk history first, then live traffic (~40 agents, 2,000 devices).`
      : 'Streaming live desk traffic (~40 agents, 2,000 devices).',
    'See data arriving (run it twice):',
    '',
    `  curl -s -H "Authorization: Bearer ${key}" ${url}/v1/ingest/status`,
    '',
    'SLA clocks, computed every 2 s (open clocks now, the tickets closest to breach):',
    '',
    `  curl -s -H "Authorization: Bearer ${key}" ${url}/v1/sla/live`,
    `  curl -s -H "Authorization: Bearer ${key}" "${url}/v1/sla/at-risk?limit=5"`,
    `  deskpulse sla explain --tenant demo --ticket <ticket_id> --url ${url} --key ${key}`,
    '',
    'Fleet reliability (rolled up as telemetry arrives) and the SLOs with their burn rates:',
    '',
    `  curl -s -H "Authorization: Bearer ${key}" "${url}/v1/reliability/scores?entity=model"`,
    `  curl -s -H "Authorization: Bearer ${key}" ${url}/v1/slos`,
    '',
    'The named queries Grafana reads (the catalogue, then one as a data frame; see README "Grafana"):',
    '',
    `  curl -s -H "Authorization: Bearer ${key}" ${url}/v1/query`,
    `  curl -s -H "Authorization: Bearer ${key}" -H 'Content-Type: application/json' ${url}/v1/query -d '{"query":"sla.breach_risk","params":{"limit":5}}'`,
    '',
    'Stop with Ctrl-C: intake stops, queued events are flushed, then it exits.',
    '',
  ].join('\n');
}

export interface DemoTraffic {
  stop(): Promise<void>;
}

/**
 * `start --demo`: a demo tenant and key, then synthetic traffic through the
 * public HTTP API of this very process, exactly as an integration would send it.
 */
export async function startDemoTraffic(
  runtime: Runtime,
  address: string,
  logger: Logger,
): Promise<DemoTraffic> {
  const key = await freshDemoKey(runtime);
  const empty = (await ingestStatus(runtime.store, DEMO_TENANT)).ticket_events === 0;
  const backfillDays = empty ? BACKFILL_DAYS : 0;
  process.stdout.write(banner(address, key, backfillDays));
  const controller = new AbortController();
  let lastLog = 0;
  let lastPhase = '';
  const onProgress = (p: DemoProgress): void => {
    const now = Date.now();
    if (p.phase === lastPhase && now - lastLog < PROGRESS_EVERY_MS && p.lastError === undefined)
      return;
    lastLog = now;
    lastPhase = p.phase;
    const line = `demo ${p.phase}: ${p.accepted.toLocaleString('en-US')} records accepted in ${p.batches} batches${p.rejected > 0 ? `, ${p.rejected} rejected` : ''}`;
    if (p.lastError === undefined) logger.info(line);
    else logger.warn({ error: p.lastError }, line);
  };
  const done = runDemo({
    baseUrl: address.replace('0.0.0.0', '127.0.0.1'),
    apiKey: key,
    simulator: new DemoSimulator({ seed: 1 }),
    backfillDays,
    signal: controller.signal,
    onProgress,
  }).catch((error: unknown) => {
    logger.error({ err: error }, 'demo traffic stopped');
  });
  return {
    async stop() {
      controller.abort();
      await done;
    },
  };
}
