import {
  EventBusSrv,
  FieldType,
  LoadingState,
  toDataFrame,
  type DataFrame,
  type FieldConfigSource,
  type PanelPlugin,
  type PanelPluginMeta,
  type PanelProps,
  type TimeRange,
} from '@grafana/data';
import { PanelChrome, PanelContextProvider } from '@grafana/ui';
import { defaultsDeep } from 'lodash';
import { createElement, type ReactNode } from 'react';
import type { PanelRequest, PanelResult, SyntheticPanelRequest } from './api.ts';
import { createBox, hostWindow } from './dom.ts';
import { mount } from './mount.ts';
import { queryFrames, summarise, timeRangeOf, withFieldConfig } from './query.ts';
import { templateSrv } from './services.ts';

let pluginBase = '/public/plugins/deskpulse-sla-app/';
let panelCount = 0;

export function setPluginBase(base: string): void {
  pluginBase = base;
}

/** A path inside the app plugin's dist, as Grafana serves it. */
export function pluginUrl(path: string): string {
  return `${pluginBase}${path}`;
}

/**
 * Imports a panel's module.js through SystemJS and gives the plugin its meta
 * from the plugin.json beside it, as Grafana's plugin loader does.
 */
export async function importPanelPlugin(modulePath: string): Promise<PanelPlugin> {
  const url = modulePath.startsWith('/') ? modulePath : `${pluginBase}${modulePath}`;
  const [module, meta] = await Promise.all([
    hostWindow.System.import(url) as Promise<{ plugin?: PanelPlugin }>,
    fetch(url.replace(/module\.js$/, 'plugin.json')).then(
      (r) => r.json() as Promise<PanelPluginMeta>,
    ),
  ]);
  const plugin = module.plugin;
  if (plugin?.panel === undefined || plugin.panel === null) {
    throw new Error(`${modulePath} exports no panel plugin`);
  }
  const baseUrl = url.replace(/\/module\.js$/, '');
  plugin.meta = { ...meta, module: url.replace(/\.js$/, ''), baseUrl };
  return plugin;
}

export interface PanelElementInput {
  plugin: PanelPlugin;
  frames: DataFrame[];
  title: string;
  options?: Record<string, unknown>;
  /** The dashboard's saved field config, over the plugin's defaults. */
  fieldConfig?: FieldConfigSource;
  range: TimeRange;
  width: number;
  height: number;
}

/** The panel inside Grafana's chrome, with the props Grafana's PanelStateWrapper passes. */
export function panelElement(input: PanelElementInput): ReactNode {
  const { plugin, range } = input;
  const Panel = plugin.panel;
  if (Panel === null) throw new Error('panel plugin without a panel component');
  const fieldConfig: FieldConfigSource = {
    defaults: defaultsDeep(
      {},
      input.fieldConfig?.defaults,
      plugin.fieldConfigDefaults.defaults,
    ) as FieldConfigSource['defaults'],
    overrides: input.fieldConfig?.overrides ?? [],
  };
  const series = withFieldConfig(input.frames, fieldConfig, plugin.fieldConfigRegistry);
  const options = defaultsDeep({}, input.options ?? {}, plugin.defaults) as object;
  const eventBus = new EventBusSrv();
  panelCount += 1;
  const id = panelCount;
  const noop = (): void => undefined;
  const body = (width: number, height: number): ReactNode => {
    const props: PanelProps = {
      id,
      data: { state: LoadingState.Done, series, timeRange: range },
      timeRange: range,
      timeZone: 'browser',
      options,
      fieldConfig,
      transparent: false,
      width,
      height,
      renderCounter: 0,
      title: input.title,
      eventBus,
      onOptionsChange: noop,
      onFieldConfigChange: noop,
      onChangeTimeRange: noop,
      replaceVariables: (value, scopedVars, format) =>
        templateSrv.replace(value, scopedVars, format),
    };
    return createElement(Panel, props);
  };
  return createElement(
    PanelContextProvider,
    { value: { eventsScope: 'global', eventBus } },
    createElement(PanelChrome, {
      title: input.title,
      width: input.width,
      height: input.height,
      children: body,
    }),
  );
}

async function render(
  plugin: PanelPlugin,
  frames: DataFrame[],
  request: Omit<PanelRequest, 'targets'>,
  measure: string,
): Promise<PanelResult> {
  performance.clearMeasures(measure);
  const box = createBox(`panel-${panelCount + 1}`, request.width, request.height);
  box.className = 'e2e-panel';
  const { renderMs } = await mount(
    box,
    panelElement({ ...request, plugin, frames, range: timeRangeOf(request.range) }),
  );
  const measures = performance.getEntriesByName(measure, 'measure');
  return { frames: summarise(frames), renderMs, measureMs: measures.at(-1)?.duration };
}

export async function renderPanel(request: PanelRequest): Promise<PanelResult> {
  const plugin = await importPanelPlugin(request.modulePath);
  const frames = await queryFrames(request.targets, timeRangeOf(request.range), request.width);
  return render(plugin, frames, request, measureName(request.modulePath));
}

export async function renderSyntheticPanel(request: SyntheticPanelRequest): Promise<PanelResult> {
  const plugin = await importPanelPlugin(request.modulePath);
  const frame = toDataFrame({
    name: request.frameName,
    refId: 'A',
    fields: request.columns.map((column) => ({
      name: column.name,
      type: FieldType[column.type],
      values: column.values,
      config: column.unit === undefined ? {} : { unit: column.unit },
    })),
  });
  return render(plugin, [frame], request, measureName(request.modulePath));
}

/** The panel's own measure is named deskpulse-<folder>-render (the brief's convention). */
function measureName(modulePath: string): string {
  return `deskpulse-${/panels\/([^/]+)\//.exec(modulePath)?.[1] ?? 'panel'}-render`;
}
