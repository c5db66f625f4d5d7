import { DemoSimulator, runDemo, type DemoProgress } from '../demo/index.ts';

export interface DemoFlags {
  url: string;
  key: string;
  rate?: number;
  backfillDays: number;
  seed: number;
  devices: number;
  agents: number;
}

function report(p: DemoProgress): void {
  const line = `${p.phase}: ${p.accepted.toLocaleString('en-US')} accepted, ${p.rejected} rejected, ${p.batches} batches`;
  process.stdout.write(
    `${line}${p.lastError === undefined ? '' : ` (last error: ${p.lastError})`}\n`,
  );
}

/** `deskpulse demo`: streams the synthetic desk into a running instance until Ctrl-C. */
export async function demoCommand(flags: DemoFlags): Promise<void> {
  const controller = new AbortController();
  const stop = (): void => {
    controller.abort();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  let last = 0;
  const final = await runDemo({
    baseUrl: flags.url,
    apiKey: flags.key,
    simulator: new DemoSimulator({
      seed: flags.seed,
      devices: flags.devices,
      agents: flags.agents,
    }),
    ...(flags.rate === undefined ? {} : { rate: flags.rate }),
    backfillDays: flags.backfillDays,
    signal: controller.signal,
    onProgress: (p) => {
      if (Date.now() - last < 5000 && p.lastError === undefined) return;
      last = Date.now();
      report(p);
    },
  });
  report(final);
}
