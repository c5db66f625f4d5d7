import type { Locator } from 'playwright-core';
import { expect } from 'vitest';
import type { QueryParamValue } from '../../../schemas/query.ts';
import type { HostTarget } from '../host/api.ts';
import type { Row } from './api-client.ts';

type Params = Record<string, QueryParamValue>;

export interface PanelCase {
  /** The panel's folder in dist/panels. */
  name: 'attainment' | 'breachrisk' | 'satisfaction' | 'reliability';
  title: string;
  targets: HostTarget[];
  options?: Record<string, unknown>;
  height: number;
  /** Compares what the panel shows with what the query API answers for the same params. */
  verify(panel: Locator, answer: (target: HostTarget) => Promise<Row[]>): Promise<void>;
}

export const TICKET_URL = 'https://desk.example.com/tickets/${ticket_id}';

const num = (value: unknown): number => {
  if (typeof value !== 'number') throw new Error(`expected a number, got ${JSON.stringify(value)}`);
  return value;
};

/** The first number in `text` (thousands separators dropped). */
export function shownNumber(text: string | null): number {
  const match = /-?[\d,]*\.?\d+/.exec(text ?? '');
  if (match === null) throw new Error(`no number in ${JSON.stringify(text)}`);
  return Number(match[0].replace(/,/g, ''));
}

/** The panel shows `value` at the precision it prints. */
function expectShown(text: string | null, value: number, decimals: number): void {
  const shown = shownNumber(text);
  expect(Math.abs(shown - value), `${text ?? ''} shows ${value}`).toBeLessThanOrEqual(
    0.5 * 10 ** -decimals + 1e-9,
  );
}

const sum = (rows: Row[], field: string): number =>
  rows.reduce((s, r) => s + num(r[field] ?? 0), 0);

async function verifyAttainment(panel: Locator, answer: (t: HostTarget) => Promise<Row[]>) {
  const rows = await answer(ATTAINMENT.targets[0] as HostTarget);
  expect(rows.length).toBeGreaterThan(0);
  for (const row of rows) {
    const shown = panel.locator(
      `[data-testid="deskpulse-attainment-row"][data-priority="${String(row['priority'])}"]`,
    );
    expectShown(
      await shown.getByTestId('deskpulse-attainment-value').textContent(),
      num(row['attainment_pct']),
      1,
    );
    const counts = await shown.getByTestId('deskpulse-attainment-counts').textContent();
    expect(counts).toBe(
      `${num(row['measured']).toLocaleString('en-US')} measured · ${num(row['breached']).toLocaleString('en-US')} breached`,
    );
    const target = row['target_pct'];
    const targetText = await shown.getByTestId('deskpulse-attainment-target').textContent();
    if (target === null) expect(targetText).toBe('no target');
    else expectShown(targetText, num(target), 0);
    if (row['budget_breaches_allowed'] !== null) {
      const used = await shown.getByTestId('deskpulse-attainment-budget-used').textContent();
      expect(used).toMatch(new RegExp(`^${num(row['breached']).toLocaleString('en-US')} of `));
      expectShown(used?.split(' of ')[1] ?? '', num(row['budget_breaches_allowed']), 1);
    }
  }
  // The default SLO gives P1 first response a target: its budget must show.
  expect(rows.some((r) => r['target_pct'] !== null)).toBe(true);
}

async function verifyBreachRisk(panel: Locator, answer: (t: HostTarget) => Promise<Row[]>) {
  const rows = await answer(BREACH_RISK.targets[0] as HostTarget);
  expect(rows.length).toBeGreaterThan(0);
  const summary = await panel.getByTestId('deskpulse-breachrisk-summary').textContent();
  expect(shownNumber(summary)).toBe(rows.length);
  const byKey = new Map(rows.map((r) => [`${String(r['ticket_id'])}|${String(r['metric'])}`, r]));
  const shown = panel.getByTestId('deskpulse-breachrisk-row');
  const count = await shown.count();
  expect(count).toBeGreaterThan(3);
  const now = Date.now();
  for (let i = 0; i < count; i++) {
    const row = shown.nth(i);
    const ticket = await row.getAttribute('data-ticket-id');
    const api = byKey.get(`${ticket ?? ''}|${(await row.getAttribute('data-metric')) ?? ''}`);
    expect(api, `row ${ticket ?? ''} is one the API listed`).toBeDefined();
    if (api?.['state'] !== 'running' || api['breach_at'] === null) continue;
    const left = Number(
      await row.getByTestId('deskpulse-breachrisk-countdown').getAttribute('data-seconds-left'),
    );
    expect(Math.abs(left - (num(api['breach_at']) - now) / 1000)).toBeLessThan(5);
    const link = await row.getByTestId('deskpulse-breachrisk-ticket').getAttribute('href');
    expect(link).toBe(`https://desk.example.com/tickets/${encodeURIComponent(ticket ?? '')}`);
  }
  // The first row is the clock closest to breach among everything the API sent.
  const soonest = Math.min(
    ...rows
      .filter((r) => r['state'] === 'running' && r['breach_at'] !== null)
      .map((r) => num(r['breach_at'])),
  );
  const first = byKey.get(
    `${(await shown.first().getAttribute('data-ticket-id')) ?? ''}|${(await shown.first().getAttribute('data-metric')) ?? ''}`,
  );
  expect(first?.['breach_at']).toBe(soonest);
}

async function verifySatisfaction(panel: Locator, answer: (t: HostTarget) => Promise<Row[]>) {
  const [summaryTarget, distributionTarget] = SATISFACTION.targets as [HostTarget, HostTarget];
  const buckets = await answer(summaryTarget);
  const distribution = await answer(distributionTarget);
  const rated = sum(buckets, 'rated');
  const solved = sum(buckets, 'solved');
  expect(rated).toBeGreaterThan(0);
  const scoreSum = buckets.reduce(
    (s, r) => s + (r['avg_score'] === null ? 0 : num(r['avg_score']) * num(r['rated'])),
    0,
  );
  const score = panel.getByTestId('deskpulse-satisfaction-score');
  expect(Number(await score.getAttribute('data-value'))).toBeCloseTo(scoreSum / rated, 9);
  expect(await score.textContent()).toContain((scoreSum / rated).toFixed(1));
  expect(await panel.getByTestId('deskpulse-satisfaction-counts').textContent()).toBe(
    `${rated.toLocaleString('en-US')} ratings of ${solved.toLocaleString('en-US')} solved`,
  );
  expectShown(
    await panel.getByTestId('deskpulse-satisfaction-pct').textContent(),
    (100 * sum(buckets, 'satisfied')) / rated,
    1,
  );
  for (const row of distribution) {
    const bar = panel.locator(
      `[data-testid="deskpulse-satisfaction-bar"][data-score="${num(row['score'])}"]`,
    );
    expect(Number(await bar.getAttribute('data-responses'))).toBe(num(row['responses']));
  }
}

async function verifyReliability(panel: Locator, answer: (t: HostTarget) => Promise<Row[]>) {
  const rows = await answer(RELIABILITY.targets[0] as HostTarget);
  expect(rows.filter((r) => r['score'] !== null).length).toBeGreaterThan(1);
  const cells = panel.getByTestId('deskpulse-reliability-cell');
  expect(await cells.count()).toBe(rows.length);
  for (const row of rows) {
    const cell = panel.locator(
      `[data-testid="deskpulse-reliability-cell"][data-label="${String(row['site'])}"]`,
    );
    const score = await cell.getAttribute('data-score');
    if (row['score'] === null) expect(score).toBeNull();
    else expect(Number(score)).toBe(num(row['score']));
  }
}

const ATTAINMENT: PanelCase = {
  name: 'attainment',
  title: 'First response attainment against target',
  targets: [
    { refId: 'A', queryName: 'sla.attainment_summary', params: { metric: 'first_response' } },
  ],
  height: 300,
  verify: verifyAttainment,
};

const BREACH_RISK: PanelCase = {
  name: 'breachrisk',
  title: 'Clocks closest to breach',
  targets: [{ refId: 'A', queryName: 'sla.breach_risk', params: { limit: 200 } }],
  options: { ticketUrl: TICKET_URL },
  height: 420,
  verify: verifyBreachRisk,
};

const SATISFACTION: PanelCase = {
  name: 'satisfaction',
  title: 'Satisfaction, last 7 days',
  targets: [
    { refId: 'A', queryName: 'sla.satisfaction', params: { interval: 'day' } },
    { refId: 'B', queryName: 'sla.satisfaction_distribution', params: {} },
  ],
  height: 360,
  verify: verifySatisfaction,
};

const RELIABILITY: PanelCase = {
  name: 'reliability',
  title: 'Reliability by site',
  targets: [{ refId: 'A', queryName: 'reliability.scores', params: { entity: 'site' } }],
  height: 360,
  verify: verifyReliability,
};

export const PANEL_CASES: readonly PanelCase[] = [
  ATTAINMENT,
  BREACH_RISK,
  SATISFACTION,
  RELIABILITY,
];

/** The params the data source sends: the target's, plus the panel range for range queries. */
export function sentParams(
  target: HostTarget,
  range: { from: number; to: number },
  isRange: boolean,
): Params {
  return isRange ? { ...target.params, from: range.from, to: range.to } : { ...target.params };
}
