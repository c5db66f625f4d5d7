/**
 * The stored history the dashboards read: bench:sla's year of tickets and
 * bench:reliability's fleet, both into one tenant, then the SLA engine's
 * first (full) pass under the shipped policy, as `start` would run it.
 */
import type { Logger } from 'pino';
import { applyStartPolicy, loadStartPolicy } from '../../cli/policy.ts';
import { slaEngineFor } from '../../cli/commands/sla-scheduler.ts';
import type { Runtime } from '../../cli/runtime.ts';
import type { PolicyStore } from '../../store/policies.ts';
import type { SloStore } from '../../store/slos.ts';
import { int, secs } from '../sla/report.ts';
import { loadTickets } from '../sla/load.ts';
import { buildPlan } from '../reliability/generator.ts';
import { loadHistory } from '../reliability/load.ts';
import type { BenchOptions } from './options.ts';

export type Log = (phase: string, message: string) => void;

export interface Loaded {
  tickets: number;
  ticketEvents: number;
  samples: number;
  fleetRows: number;
  loadSeconds: number;
  engineSeconds: number;
}

export async function loadHistoryAndClocks(
  runtime: Runtime,
  stores: { policies: PolicyStore; slos: SloStore },
  options: BenchOptions,
  log: Log,
  logger: Logger,
): Promise<Loaded> {
  const { store } = runtime;
  await applyStartPolicy(stores, [options.tenant], loadStartPolicy(undefined));
  const started = performance.now();
  const tickets = await loadTickets(store, options, (p) => {
    log('tickets', `${int(p.events)} events of ${int(p.tickets)} tickets, ${secs(p.seconds)}`);
  });
  log('tickets', `${int(tickets.events)} events of ${int(tickets.tickets)} tickets`);
  log('fleet', `planning ${int(options.devices)} devices`);
  const plan = buildPlan(options);
  const fleet = await loadHistory(store, plan, options.chunkRows, log);
  const loadSeconds = (performance.now() - started) / 1000;
  log('engine', 'first SLA pass (a full recompute of every ticket)');
  const computed = performance.now();
  const engine = slaEngineFor(runtime, stores.policies, logger);
  await engine.runOnce();
  const engineSeconds = (performance.now() - computed) / 1000;
  log('engine', `done in ${secs(engineSeconds)}`);
  return {
    tickets: tickets.tickets,
    ticketEvents: tickets.events,
    samples: fleet.generated.samples,
    fleetRows: fleet.rows,
    loadSeconds,
    engineSeconds,
  };
}
