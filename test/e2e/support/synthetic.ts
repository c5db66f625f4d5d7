import type { SyntheticPanelRequest } from '../host/api.ts';

const METRICS = ['first_response', 'next_response', 'resolution'];
const PRIORITIES = ['P1', 'P2', 'P3', 'P4'];
const QUEUES = ['service-desk', 'hardware', 'software', 'network', 'accounts'];

/**
 * An sla.breach_risk frame of `rows` open clocks, as the API would send it:
 * deadlines spread from 10 minutes overdue to two days ahead of `nowMs`.
 */
export function syntheticBreachRisk(rows: number, nowMs: number): SyntheticPanelRequest {
  const index = Array.from({ length: rows }, (_, i) => i);
  const left = index.map((i) => -600 + Math.round((i * 172_800) / rows));
  return {
    modulePath: 'panels/breachrisk/module.js',
    title: `${rows.toLocaleString('en-US')} open clocks`,
    frameName: 'sla.breach_risk',
    range: { from: nowMs - 86_400_000, to: nowMs },
    width: 900,
    height: 600,
    columns: [
      { name: 'ticket_id', type: 'string', values: index.map((i) => `SYN-${100000 + i}`) },
      { name: 'metric', type: 'string', values: index.map((i) => METRICS[i % 3] ?? '') },
      { name: 'cycle', type: 'number', values: index.map(() => 1) },
      { name: 'state', type: 'string', values: index.map(() => 'running') },
      { name: 'priority', type: 'string', values: index.map((i) => PRIORITIES[i % 4] ?? '') },
      { name: 'queue', type: 'string', values: index.map((i) => QUEUES[i % 5] ?? '') },
      { name: 'rule_id', type: 'string', values: index.map((i) => `rule-${i % 4}`) },
      { name: 'breach_at', type: 'time', values: left.map((s) => nowMs + s * 1000) },
      { name: 'warn_at', type: 'time', values: left.map((s) => nowMs + (s - 3600) * 1000) },
      { name: 'seconds_left', type: 'number', unit: 's', values: left },
      { name: 'breach_probability', type: 'number', values: index.map(() => null) },
    ],
  };
}
