import { afterAll, describe, it } from 'vitest';
import { killCrashChildren, runCrashScenario } from '../helpers/crash-scenario.ts';

afterAll(killCrashChildren);

describe('crash safety (write-ahead mode)', () => {
  it(
    'every acknowledged event survives SIGKILL mid-stream, stored exactly once',
    { timeout: 180_000 },
    () => runCrashScenario({ DESKPULSE_SPOOL_FIRST: 'true' }),
  );
});
