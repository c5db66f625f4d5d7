import { parseArgs, type ParseArgsConfig } from 'node:util';

/** What the benchmarks' command lines share: flag errors and the top-level run. */

/** A bad flag: printed with the usage, without a stack. */
export class UsageError extends Error {}

/** `--name N` as a whole number > 0 (underscores allowed: 1_000_000); `fallback` when absent. */
export function positiveInt(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value.replaceAll('_', ''));
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`--${name} must be a whole number > 0`);
  return n;
}

/** Runs a benchmark's main: a bad flag exits 2 with the usage, any other error exits 1. */
export async function runBench(
  name: string,
  usage: string,
  main: () => Promise<void>,
): Promise<void> {
  try {
    await main();
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${name}: ${error.message}\n${usage}\n`);
      process.exit(2);
    }
    process.stderr.write(
      `${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  }
}

type Flags = NonNullable<ParseArgsConfig['options']>;

/**
 * The flags' values, or a UsageError for an unknown or malformed flag.
 * `--help` prints the usage and exits.
 */
export function parseFlags<F extends Flags>(
  argv: string[],
  flags: F,
  usage: string,
): ReturnType<typeof parseArgs<{ options: F }>>['values'] {
  let parsed: ReturnType<typeof parseArgs<{ options: F }>>;
  try {
    parsed = parseArgs({ args: argv, options: flags });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if ((parsed.values as Record<string, unknown>)['help'] === true) {
    process.stdout.write(`${usage}\n`);
    process.exit(0);
  }
  return parsed.values;
}
