import PQueue from 'p-queue';
import type { Logger } from 'pino';
import type { SlaEngine } from './engine/engine.ts';

export interface SlaSchedulerOptions {
  engine: SlaEngine;
  logger: Logger;
  /** Pause between the end of one pass and the start of the next. */
  intervalMs: number;
}

/**
 * Runs the SLA engine in the background, one pass at a time: a pass that
 * fails is logged and retried on the next tick, never thrown at the process.
 */
export class SlaScheduler {
  readonly #options: SlaSchedulerOptions;
  readonly #queue = new PQueue({ concurrency: 1 });
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;

  constructor(options: SlaSchedulerOptions) {
    this.#options = options;
  }

  start(): void {
    this.#schedule(0);
  }

  /** Runs one pass now (after any pass in progress); for tests and `POST`-triggered runs. */
  async runNow(): Promise<void> {
    await this.#queue.add(() => this.#pass());
  }

  /** Stops scheduling and waits for a pass in progress. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    await this.#queue.onIdle();
  }

  #schedule(delayMs: number): void {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => {
      this.#queue
        .add(() => this.#pass())
        .finally(() => {
          this.#schedule(this.#options.intervalMs);
        })
        .catch(() => undefined);
    }, delayMs);
    this.#timer.unref();
  }

  async #pass(): Promise<void> {
    if (this.#stopped) return;
    const { engine, logger } = this.#options;
    try {
      for (const report of await engine.runOnce()) {
        if (report.kind === 'full' || report.poisoned > 0)
          logger.info(report, 'SLA clocks computed');
        else logger.debug(report, 'SLA clocks updated');
      }
    } catch (error) {
      logger.error({ err: error }, 'SLA computation failed; retrying on the next pass');
    }
  }
}
