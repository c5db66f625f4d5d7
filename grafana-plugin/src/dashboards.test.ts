import fs from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { DASHBOARDS, DATASOURCE_TYPE } from './constants';
import { VARIABLE_KINDS } from './datasource/types';

/* The bundled dashboards: only our data source, known named queries, known panel types. */

interface Target {
  refId: string;
  datasource?: { type: string; uid: string };
  queryName: string;
  params: Record<string, unknown>;
}

interface Panel {
  id: number;
  type: string;
  title: string;
  datasource?: { type: string; uid: string };
  gridPos: { x: number; y: number; w: number; h: number };
  targets?: Target[];
}

interface Variable {
  name: string;
  type: string;
  datasource: { type: string; uid: string };
  // A query variable's model, or the plugin type of the "Data source" variable.
  query: { variable: string } | string;
  allValue?: string;
}

interface Dashboard {
  uid: string;
  title: string;
  refresh: string;
  time: { from: string; to: string };
  panels: Panel[];
  templating: { list: Variable[] };
}

const PANEL_TYPES = [
  'timeseries',
  'stat',
  'table',
  'bargauge',
  'deskpulse-attainment-panel',
  'deskpulse-breachrisk-panel',
  'deskpulse-satisfaction-panel',
  'deskpulse-reliability-panel',
];

// The named queries of the query contract.
const QUERY_NAMES = [
  'sla.attainment',
  'sla.attainment_summary',
  'sla.response_percentiles',
  'sla.live',
  'sla.breach_risk',
  'sla.backlog',
  'sla.satisfaction',
  'sla.satisfaction_distribution',
  'reliability.metrics',
  'reliability.scores',
  'reliability.silent_devices',
  'reliability.tickets',
  'slo.status',
];

// Through the dashboards' "Data source" variable, so any Deskpulse data source works.
const DATASOURCE = { type: DATASOURCE_TYPE, uid: '${datasource}' };
const DIR = path.resolve(import.meta.dirname);

function load(file: string): Dashboard {
  return JSON.parse(fs.readFileSync(path.join(DIR, file), 'utf8')) as Dashboard;
}

function targetsOf(dashboard: Dashboard, type: string): Target[] {
  return dashboard.panels.filter((panel) => panel.type === type).flatMap((p) => p.targets ?? []);
}

describe.each(DASHBOARDS)('dashboard $path', (bundled) => {
  const dashboard = load(bundled.path);

  it('has the uid and title the app lists', () => {
    expect([dashboard.uid, dashboard.title]).toEqual([bundled.uid, bundled.title]);
  });

  it('queries only the Deskpulse data source, with named queries', () => {
    const ids = new Set<number>();
    for (const panel of dashboard.panels) {
      expect(PANEL_TYPES, panel.title).toContain(panel.type);
      expect(panel.datasource, panel.title).toEqual(DATASOURCE);
      expect(ids.has(panel.id), panel.title).toBe(false);
      ids.add(panel.id);
      expect(panel.gridPos.x + panel.gridPos.w, panel.title).toBeLessThanOrEqual(24);
      expect(panel.targets?.length, panel.title).toBeGreaterThan(0);
      for (const target of panel.targets ?? []) {
        expect(QUERY_NAMES, panel.title).toContain(target.queryName);
        expect(target.datasource, panel.title).toEqual(DATASOURCE);
        expect(JSON.stringify(target).toLowerCase(), panel.title).not.toMatch(/select |sql/);
      }
    }
  });

  it('lets the viewer pick any Deskpulse data source', () => {
    expect(dashboard.templating.list[0]).toMatchObject({
      name: 'datasource',
      type: 'datasource',
      query: DATASOURCE_TYPE,
    });
  });

  it('filters with multi-value query variables of the data source', () => {
    for (const variable of dashboard.templating.list.slice(1)) {
      expect(variable).toMatchObject({ type: 'query', datasource: DATASOURCE, allValue: '*' });
      const kind = typeof variable.query === 'string' ? variable.query : variable.query.variable;
      expect(VARIABLE_KINDS).toContain(kind);
    }
  });
});

describe('dashboard contents', () => {
  it('SLA live refreshes every 5 s and shows the four kinds of SLA panel', () => {
    const live = load('dashboards/sla-live.json');
    expect(live.refresh).toBe('5s');
    expect(live.time).toEqual({ from: 'now-7d', to: 'now' });
    expect(targetsOf(live, 'deskpulse-breachrisk-panel')).toMatchObject([
      { queryName: 'sla.breach_risk', params: { limit: 200 } },
    ]);
    expect(targetsOf(live, 'deskpulse-satisfaction-panel').map((t) => t.queryName)).toEqual([
      'sla.satisfaction',
      'sla.satisfaction_distribution',
    ]);
    expect(targetsOf(live, 'deskpulse-attainment-panel')[0]?.queryName).toBe(
      'sla.attainment_summary',
    );
    expect(live.templating.list.map((variable) => variable.name)).toEqual([
      'datasource',
      'queue',
      'priority',
    ]);
  });

  it('Endpoint reliability maps sites and models and lists the worst devices', () => {
    const reliability = load('dashboards/endpoint-reliability.json');
    expect(
      targetsOf(reliability, 'deskpulse-reliability-panel').map((t) => t.params['entity']),
    ).toEqual(['site', 'model']);
    expect(
      targetsOf(reliability, 'table').map((t) => [
        t.queryName,
        t.params['entity'] ?? t.params['group_by'],
      ]),
    ).toEqual([
      ['reliability.scores', 'device'],
      ['reliability.scores', 'app'],
      ['reliability.tickets', ['device']],
    ]);
    expect(reliability.templating.list.map((variable) => variable.name)).toEqual([
      'datasource',
      'site',
      'model',
    ]);
  });

  it('Weekly review shows the last full week', () => {
    const weekly = load('dashboards/weekly-review.json');
    expect(weekly.time).toEqual({ from: 'now-1w/w', to: 'now-1w/w' });
    expect(weekly.refresh).toBe('');
    expect(targetsOf(weekly, 'table').map((t) => t.queryName)).toContain('slo.status');
  });
});
