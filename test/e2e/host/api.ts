/**
 * What the host page offers the test (window.deskpulseHost), in plain data
 * that crosses page.evaluate. Types only: both sides import it.
 */

/** A data source query as the plugin's query model has it. */
export interface HostTarget {
  refId: string;
  queryName: string;
  params: Record<string, string | number | boolean | string[]>;
}

export interface HostSetup {
  /** The app plugin's base URL, e.g. /public/plugins/deskpulse-sla-app/. */
  pluginBase: string;
  /** Where the data source module lives below pluginBase. */
  datasourcePath: string;
  /** The Deskpulse URL as the data source's jsonData holds it (the proxy adds the key). */
  deskpulseUrl: string;
}

export interface FrameSummary {
  name: string | undefined;
  refId: string | undefined;
  fields: string[];
  length: number;
}

export interface PanelRequest {
  /** Panel module path below the plugin base (panels/breachrisk/module.js), or an absolute path. */
  modulePath: string;
  title: string;
  targets: HostTarget[];
  options?: Record<string, unknown>;
  /** Epoch milliseconds. */
  range: { from: number; to: number };
  width: number;
  height: number;
}

export interface SyntheticColumn {
  name: string;
  type: 'time' | 'number' | 'string' | 'boolean';
  unit?: string;
  values: (string | number | boolean | null)[];
}

export interface SyntheticPanelRequest extends Omit<PanelRequest, 'targets'> {
  frameName: string;
  columns: SyntheticColumn[];
}

export interface PanelResult {
  frames: FrameSummary[];
  /** Time from React render call to the commit of the panel (ms). */
  renderMs: number;
  /** The panel's own 'deskpulse-…-render' performance measure, when it records one. */
  measureMs: number | undefined;
}

export interface DashboardRequest {
  /** Dashboard path below the plugin base, e.g. dashboards/sla-live.json. */
  path: string;
  width: number;
  /** Our panel plugin ids → module path below the plugin base. */
  panelModules: Record<string, string>;
}

export interface DashboardPanelResult {
  title: string;
  type: string;
  /** plugin: our module; stand-in: a core panel drawn by the host; row; missing: no renderer. */
  renderedAs: 'plugin' | 'stand-in' | 'row' | 'missing';
  frames: FrameSummary[];
  error?: string;
}

export interface DashboardResult {
  title: string;
  variables: { name: string; options: number; current: string }[];
  panels: DashboardPanelResult[];
  height: number;
}

export interface HostApi {
  /** Bare names the host shares with plugins through SystemJS. */
  sharedModules: string[];
  /** Points the host at the plugin and installs Grafana's runtime services. */
  setup(setup: HostSetup): Promise<void>;
  renderPanel(request: PanelRequest): Promise<PanelResult>;
  renderSyntheticPanel(request: SyntheticPanelRequest): Promise<PanelResult>;
  /** Renders the data source's QueryEditor and ConfigEditor side by side. */
  renderEditors(): Promise<void>;
  renderDashboard(request: DashboardRequest): Promise<DashboardResult>;
  /** Unmounts whatever is rendered. */
  clear(): Promise<void>;
}
