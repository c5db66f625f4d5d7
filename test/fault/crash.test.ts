import { afterAll, describe, it } from 'vitest';
import { killCrashChildren, runCrashScenario } from '../helpers/crash-scenario.ts';

afterAll(killCrashChildren);

describe('crash safety (direct mode)', () => {
  it(
    'every acknowledged event survives SIGKILL mid-stream, stored exactly once',
    { timeout: 180_000 },
    () =>
      // A small memory queue makes the writer overflow into the spool under this load,
      // so the kill lands while both ClickHouse inserts and spool appends are in flight.
      runCrashScenario({
        DESKPULSE_MAX_QUEUE_BYTES: String(128 * 1024),
        DESKPULSE_FLUSH_INTERVAL_MS: '100',
      }),
  );
});
