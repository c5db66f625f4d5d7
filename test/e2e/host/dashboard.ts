import {
  dateMath,
  rangeUtil,
  type DataFrame,
  type DataTransformerConfig,
  type FieldConfigSource,
  type GrafanaTheme2,
  type TimeRange,
} from '@grafana/data';
import { config } from '@grafana/runtime';
import { Icon, PanelChrome } from '@grafana/ui';
import { createElement, type ReactNode } from 'react';
import type { DashboardPanelResult, DashboardRequest, DashboardResult, HostTarget } from './api.ts';
import { corePanel, hasStandIn, isLongTimeSeries } from './core-panels.ts';
import { createBox } from './dom.ts';
import { mount } from './mount.ts';
import { importPanelPlugin, panelElement, pluginUrl } from './panel.ts';
import { queryFrames, summarise } from './query.ts';
import { templateSrv } from './services.ts';
import { applyTransformations } from './transforms.ts';
import { resolveVariables, type SavedVariable } from './variables.ts';

interface GridPos {
  x: number;
  y: number;
  w: number;
  h: number;
}

interface SavedPanel {
  type: string;
  title?: string;
  gridPos: GridPos;
  targets?: HostTarget[];
  options?: Record<string, unknown>;
  fieldConfig?: FieldConfigSource;
  transformations?: DataTransformerConfig[];
  collapsed?: boolean;
}

interface SavedDashboard {
  title: string;
  time?: { from: string; to: string };
  templating?: { list?: SavedVariable[] };
  panels?: SavedPanel[];
}

// Grafana's grid: 24 columns, 30 px rows, 8 px gaps (react-grid-layout margins).
const COLUMNS = 24;
const ROW_HEIGHT = 30;
const GAP = 8;
const HEADER_HEIGHT = 56;
// Grafana's page padding around the grid.
const PADDING = 16;

function place(pos: GridPos, width: number) {
  const column = (width - GAP * (COLUMNS - 1)) / COLUMNS;
  return {
    left: Math.round((column + GAP) * pos.x),
    top: Math.round((ROW_HEIGHT + GAP) * pos.y),
    width: Math.round(column * pos.w + GAP * Math.max(0, pos.w - 1)),
    height: Math.round(ROW_HEIGHT * pos.h + GAP * Math.max(0, pos.h - 1)),
  };
}

function timeRangeOf(time: { from: string; to: string } | undefined): TimeRange {
  const raw = time ?? { from: 'now-6h', to: 'now' };
  const from = dateMath.toDateTime(raw.from, { roundUp: false });
  const to = dateMath.toDateTime(raw.to, { roundUp: true });
  if (from === undefined || to === undefined)
    throw new Error(`bad dashboard time ${JSON.stringify(raw)}`);
  return { from, to, raw };
}

interface Rendered {
  node: ReactNode;
  result: DashboardPanelResult;
}

function errorBody(message: string, theme: GrafanaTheme2): ReactNode {
  return createElement('div', { style: { color: theme.colors.error.text, padding: 8 } }, message);
}

async function renderOne(
  panel: SavedPanel,
  size: { width: number; height: number },
  range: TimeRange,
  modules: Record<string, string>,
): Promise<Rendered> {
  const title = templateSrv.replace(panel.title ?? '');
  const module = modules[panel.type];
  const known = module !== undefined || hasStandIn(panel.type);
  const base = {
    title,
    type: panel.type,
    frames: [] as DashboardResult['panels'][number]['frames'],
  };
  const chrome = (body: (w: number, h: number) => ReactNode, statusMessage?: string): ReactNode =>
    createElement(PanelChrome, {
      title,
      ...size,
      ...(statusMessage === undefined ? {} : { statusMessage }),
      children: body,
    });
  if (!known) {
    const message = `Panel type "${panel.type}" is not rendered by the e2e host`;
    return {
      node: chrome(() => errorBody(message, config.theme2)),
      result: { ...base, renderedAs: 'missing', error: message },
    };
  }
  let frames: DataFrame[] = [];
  try {
    const queried =
      panel.targets === undefined || panel.targets.length === 0
        ? []
        : await queryFrames(panel.targets, range, size.width);
    frames = await applyTransformations(queried, panel.transformations);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      node: chrome(() => errorBody(message, config.theme2), message),
      result: { ...base, renderedAs: module === undefined ? 'stand-in' : 'plugin', error: message },
    };
  }
  const summary = { ...base, frames: summarise(frames) };
  if (module !== undefined) {
    const plugin = await importPanelPlugin(module);
    const node = panelElement({
      plugin,
      frames,
      title,
      options: panel.options,
      range,
      ...size,
      ...(panel.fieldConfig === undefined ? {} : { fieldConfig: panel.fieldConfig }),
    });
    return { node, result: { ...summary, renderedAs: 'plugin' } };
  }
  // Grafana's time series panel refuses long frames ("Data is in long format").
  const long = panel.type === 'timeseries' && isLongTimeSeries(frames);
  const error = long
    ? 'Data is in long format: add a "Prepare time series" or "Partition by values" transformation'
    : undefined;
  const body = (w: number, h: number): ReactNode =>
    error !== undefined
      ? errorBody(error, config.theme2)
      : corePanel({
          type: panel.type,
          frames,
          options: panel.options ?? {},
          fieldConfig: panel.fieldConfig ?? { defaults: {}, overrides: [] },
          range,
          width: w,
          height: h,
        });
  return {
    node: chrome(body, error),
    result: { ...summary, renderedAs: 'stand-in', ...(error === undefined ? {} : { error }) },
  };
}

function rowHeader(title: string, theme: GrafanaTheme2): ReactNode {
  return createElement(
    'div',
    {
      style: {
        fontSize: theme.typography.h5.fontSize,
        fontWeight: theme.typography.fontWeightMedium,
        color: theme.colors.text.primary,
        padding: '6px 0',
      },
    },
    `▾ ${title}`,
  );
}

function header(dashboard: SavedDashboard, range: TimeRange, theme: GrafanaTheme2): ReactNode {
  const chip = (label: ReactNode, value: string, key: string): ReactNode =>
    createElement(
      'div',
      {
        key,
        style: {
          display: 'flex',
          border: `1px solid ${theme.colors.border.medium}`,
          borderRadius: theme.shape.radius.default,
          fontSize: theme.typography.bodySmall.fontSize,
          overflow: 'hidden',
        },
      },
      createElement(
        'span',
        {
          style: {
            padding: '4px 8px',
            background: theme.colors.background.secondary,
            color: theme.colors.text.secondary,
          },
        },
        label,
      ),
      createElement(
        'span',
        { style: { padding: '4px 8px', color: theme.colors.text.primary } },
        value,
      ),
    );
  const variables = templateSrv.getVariables() as unknown as {
    name: string;
    label?: string;
    current: { text: string | string[] };
  }[];
  return createElement(
    'div',
    {
      style: {
        height: HEADER_HEIGHT - GAP,
        display: 'flex',
        alignItems: 'center',
        gap: 8,
        color: theme.colors.text.primary,
      },
    },
    createElement(
      'div',
      { style: { fontSize: theme.typography.h3.fontSize, marginRight: 16 } },
      dashboard.title,
    ),
    ...variables.map((v) => chip(v.label ?? v.name, [v.current.text].flat().join(' + '), v.name)),
    createElement('div', { style: { flex: 1 } }),
    chip(
      createElement(Icon, { name: 'clock-nine', size: 'sm' }),
      rangeUtil.describeTimeRange(range.raw),
      'time',
    ),
  );
}

/**
 * One provisioned dashboard as Grafana lays it out: variables resolved
 * through the data source, every panel queried, then all drawn on the grid.
 */
export async function renderDashboard(request: DashboardRequest): Promise<DashboardResult> {
  const dashboard = (await (await fetch(pluginUrl(request.path))).json()) as SavedDashboard;
  const theme = config.theme2;
  const range = timeRangeOf(dashboard.time);
  templateSrv.updateTimeRange(range);
  templateSrv.setVariables(await resolveVariables(dashboard.templating?.list ?? [], range));
  const panels = dashboard.panels ?? [];
  const inner = request.width - 2 * PADDING;
  const rendered = await Promise.all(
    panels.map(async (panel): Promise<Rendered> => {
      const size = place(panel.gridPos, inner);
      if (panel.type === 'row') {
        const title = templateSrv.replace(panel.title ?? '');
        return {
          node: rowHeader(title, theme),
          result: { title, type: 'row', renderedAs: 'row', frames: [] },
        };
      }
      return renderOne(panel, size, range, request.panelModules);
    }),
  );
  const bottom = Math.max(
    0,
    ...panels.map((p) => {
      const at = place(p.gridPos, inner);
      return at.top + at.height;
    }),
  );
  const height = HEADER_HEIGHT + bottom + 2 * PADDING;
  const box = createBox('dashboard', request.width, height);
  const grid = createElement(
    'div',
    { style: { position: 'relative', height: bottom } },
    rendered.map((r, i) => {
      const at = place(panels[i]?.gridPos ?? { x: 0, y: 0, w: 0, h: 0 }, inner);
      return createElement('div', { key: i, style: { position: 'absolute', ...at } }, r.node);
    }),
  );
  await mount(
    box,
    createElement(
      'div',
      { style: { background: theme.colors.background.canvas, padding: PADDING, height } },
      header(dashboard, range, theme),
      grid,
    ),
  );
  return {
    title: dashboard.title,
    variables: (
      templateSrv.getVariables() as unknown as {
        name: string;
        options: unknown[];
        current: { text: string | string[] };
      }[]
    ).map((v) => ({
      name: v.name,
      options: v.options.length,
      current: [v.current.text].flat().join(','),
    })),
    panels: rendered.map((r) => r.result),
    height,
  };
}
