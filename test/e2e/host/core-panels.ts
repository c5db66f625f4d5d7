import {
  FieldColorModeId,
  FieldType,
  getDisplayValueAlignmentFactors,
  getFieldDisplayValues,
  PanelPlugin,
  renderTextPanelMarkdown,
  VizOrientation,
  type DataFrame,
  type DisplayValueAlignmentFactors,
  type FieldConfigOptionsRegistry,
  type FieldColor,
  type FieldConfigSource,
  type FieldDisplay,
  type ReduceDataOptions,
  type TimeRange,
} from '@grafana/data';
import { config } from '@grafana/runtime';
import {
  BarGauge,
  BarGaugeDisplayMode,
  BigValue,
  BigValueColorMode,
  BigValueGraphMode,
  BigValueJustifyMode,
  BigValueTextMode,
  Table,
  TimeSeries,
  VizRepeater,
  type VizRepeaterRenderValueProps,
} from '@grafana/ui';
import { BarGaugeNamePlacement, BarGaugeValueMode } from '@grafana/schema';
import { createElement, type ComponentProps, type JSX, type ReactNode } from 'react';
import { withFieldConfig } from './query.ts';
import { templateSrv } from './services.ts';

// Stand-ins for Grafana's core panels, built from the @grafana/ui components
// those panels use, so a dashboard shows our panels among realistic
// neighbours. They read the options the provisioned dashboards set.

export interface CorePanelInput {
  type: string;
  frames: DataFrame[];
  options: Record<string, unknown>;
  fieldConfig: FieldConfigSource;
  range: TimeRange;
  width: number;
  height: number;
}

// The time series panel's own field defaults.
const GRAPH_DEFAULTS = {
  drawStyle: 'line',
  lineInterpolation: 'linear',
  lineWidth: 1,
  fillOpacity: 0,
  gradientMode: 'none',
  showPoints: 'auto',
  pointSize: 5,
  spanNulls: false,
  axisPlacement: 'auto',
  axisColorMode: 'text',
  axisBorderShow: false,
  barAlignment: 0,
  stacking: { mode: 'none', group: 'A' },
  scaleDistribution: { type: 'linear' },
  hideFrom: { legend: false, tooltip: false, viz: false },
  thresholdsStyle: { mode: 'off' },
};
type LegendOptions = ComponentProps<typeof TimeSeries>['legend'];
const TABLE_DEFAULTS = { align: 'auto', cellOptions: { type: 'auto' }, inspect: false };

const NoEditor = (): null => null;

/** The enum member a saved option names, else the fallback. */
function member<E extends string>(values: Record<string, E>, value: unknown, fallback: E): E {
  return Object.values(values).find((v) => v === value) ?? fallback;
}

/** Standard options plus, as custom options, every custom key the panel's config uses. */
function registryFor(fieldConfig: FieldConfigSource): FieldConfigOptionsRegistry {
  const paths = new Set(Object.keys((fieldConfig.defaults.custom as object | undefined) ?? {}));
  for (const override of fieldConfig.overrides) {
    for (const property of override.properties) {
      if (property.id.startsWith('custom.')) paths.add(property.id.slice('custom.'.length));
    }
  }
  return new PanelPlugin(null).useFieldConfig({
    useCustomConfig: (builder) => {
      for (const path of paths) {
        builder.addCustomEditor({
          id: path,
          path,
          name: path,
          editor: NoEditor,
          override: NoEditor,
          process: (value: unknown) => value,
          shouldApply: () => true,
        });
      }
    },
  }).fieldConfigRegistry;
}

/** The query runner's field config step, with the core panel's own defaults under the saved ones. */
function configured(input: CorePanelInput, custom: object, color?: FieldColor): DataFrame[] {
  const defaults = input.fieldConfig.defaults;
  const fieldConfig: FieldConfigSource = {
    defaults: {
      ...(color === undefined ? {} : { color }),
      ...defaults,
      custom: { ...custom, ...(defaults.custom as object | undefined) },
    },
    overrides: input.fieldConfig.overrides,
  };
  return withFieldConfig(input.frames, fieldConfig, registryFor(fieldConfig));
}

function displays(input: CorePanelInput, frames: DataFrame[]): FieldDisplay[] {
  const reduceOptions = (input.options['reduceOptions'] as ReduceDataOptions | undefined) ?? {
    calcs: ['lastNotNull'],
  };
  return getFieldDisplayValues({
    fieldConfig: input.fieldConfig,
    reduceOptions,
    replaceVariables: (value, scopedVars, format) => templateSrv.replace(value, scopedVars, format),
    theme: config.theme2,
    data: frames,
    timeZone: 'browser',
  });
}

/** Long frames (a string column beside time) need converting before Grafana can chart them. */
export function isLongTimeSeries(frames: DataFrame[]): boolean {
  return frames.some(
    (f) =>
      f.fields.some((x) => x.type === FieldType.time) &&
      f.fields.some((x) => x.type === FieldType.string),
  );
}

function timeseries(input: CorePanelInput): ReactNode {
  // The panel's saved legend options, over the time series panel's defaults.
  const legend = input.options['legend'] as Partial<LegendOptions> | undefined;
  const props: ComponentProps<typeof TimeSeries> = {
    frames: configured(input, GRAPH_DEFAULTS, { mode: FieldColorModeId.PaletteClassic }),
    width: input.width,
    height: input.height,
    timeRange: input.range,
    timeZone: 'browser',
    // A legend without displayMode is drawn as a list, the panel's default.
    legend: { showLegend: true, placement: 'bottom', calcs: [], ...legend },
  };
  return createElement(TimeSeries, props);
}

/** Grafana's stat and bar gauge panels: one visual per value, laid out by VizRepeater. */
function repeated(
  input: CorePanelInput,
  values: FieldDisplay[],
  orientation: VizOrientation,
  render: (
    props: VizRepeaterRenderValueProps<FieldDisplay, DisplayValueAlignmentFactors>,
  ) => JSX.Element,
): ReactNode {
  return createElement(VizRepeater<FieldDisplay, DisplayValueAlignmentFactors>, {
    source: input.frames,
    getValues: () => values,
    getAlignmentFactors: (v) => getDisplayValueAlignmentFactors(v),
    renderValue: render,
    renderCounter: 0,
    width: input.width,
    height: input.height,
    orientation,
    itemSpacing: 8,
    minVizHeight: Number(input.options['minVizHeight'] ?? 16),
  });
}

function stat(input: CorePanelInput): ReactNode {
  const values = displays(input, configured(input, {}));
  const option = <E extends string>(name: string, values: Record<string, E>, fallback: E): E =>
    member(values, input.options[name], fallback);
  const orientation = option('orientation', VizOrientation, VizOrientation.Auto);
  return repeated(input, values, orientation, (props) =>
    createElement(BigValue, {
      value: props.value.display,
      width: props.width,
      height: props.height,
      theme: config.theme2,
      alignmentFactors: props.alignmentFactors,
      colorMode: option('colorMode', BigValueColorMode, BigValueColorMode.Value),
      graphMode: BigValueGraphMode.None,
      justifyMode: option('justifyMode', BigValueJustifyMode, BigValueJustifyMode.Auto),
      textMode: option('textMode', BigValueTextMode, BigValueTextMode.Auto),
      disableWideLayout: input.options['wideLayout'] === false,
      count: props.count,
    }),
  );
}

function bargauge(input: CorePanelInput): ReactNode {
  const values = displays(input, configured(input, {}));
  const option = <E extends string>(name: string, values: Record<string, E>, fallback: E): E =>
    member(values, input.options[name], fallback);
  const orientation = option('orientation', VizOrientation, VizOrientation.Horizontal);
  return repeated(input, values, orientation, (props) =>
    createElement(BarGauge, {
      value: props.value.display,
      field: props.value.field,
      width: props.width,
      height: props.height,
      theme: config.theme2,
      orientation: props.orientation,
      alignmentFactors: props.alignmentFactors,
      displayMode: option('displayMode', BarGaugeDisplayMode, BarGaugeDisplayMode.Gradient),
      showUnfilled: input.options['showUnfilled'] !== false,
      valueDisplayMode: option('valueMode', BarGaugeValueMode, BarGaugeValueMode.Color),
      namePlacement: option('namePlacement', BarGaugeNamePlacement, BarGaugeNamePlacement.Auto),
      itemSpacing: 8,
    }),
  );
}

function table(input: CorePanelInput): ReactNode {
  const frame = configured(input, TABLE_DEFAULTS)[0];
  if (frame === undefined) return createElement('div', null, 'No data');
  const sortBy = input.options['sortBy'] as { displayName: string; desc?: boolean }[] | undefined;
  return createElement(Table, {
    data: frame,
    width: input.width,
    height: input.height,
    ...(sortBy === undefined ? {} : { initialSortBy: sortBy }),
  });
}

function text(input: CorePanelInput): ReactNode {
  const saved = input.options['content'];
  const content = typeof saved === 'string' ? saved : '';
  return createElement('div', {
    className: 'markdown-html',
    style: { padding: 8, overflow: 'auto', height: input.height },
    dangerouslySetInnerHTML: { __html: renderTextPanelMarkdown(templateSrv.replace(content)) },
  });
}

const STAND_INS: Record<string, (input: CorePanelInput) => ReactNode> = {
  timeseries,
  stat,
  bargauge,
  table,
  text,
};

/** The stand-in for a core panel type, or undefined when the host has none. */
export function corePanel(input: CorePanelInput): ReactNode | undefined {
  return STAND_INS[input.type]?.(input);
}

export function hasStandIn(type: string): boolean {
  return type in STAND_INS;
}
