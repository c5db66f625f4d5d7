import {
  EventBusSrv,
  type DataSourceApi,
  type DataSourceInstanceSettings,
  type DataSourceJsonData,
  type DataSourcePlugin,
  type DataSourcePluginMeta,
} from '@grafana/data';
import {
  setAppEvents,
  setBackendSrv,
  setDataSourceSrv,
  setEchoSrv,
  setPluginComponentHook,
  setPluginComponentsHook,
  setPluginFunctionsHook,
  setPluginLinksHook,
  setTemplateSrv,
  type DataSourceSrv,
  type EchoSrv,
} from '@grafana/runtime';
import type { DataSourceRef } from '@grafana/schema';
import type { HostSetup } from './api.ts';
import { HostBackendSrv } from './backend-srv.ts';
import { hostWindow } from './dom.ts';
import { HostTemplateSrv } from './template-srv.ts';

export const DATASOURCE_UID = 'deskpulse';
export const DATASOURCE_TYPE = 'deskpulse-sla-datasource';

export const templateSrv = new HostTemplateSrv();

/** What Grafana's boot data would say about the one Deskpulse data source. */
export async function instanceSettingsFor(setup: HostSetup): Promise<DataSourceInstanceSettings> {
  const dir = setup.datasourcePath.replace(/module\.js$/, '');
  const base = `${setup.pluginBase}${dir}`;
  const response = await fetch(`${base}plugin.json`);
  const meta = (await response.json()) as DataSourcePluginMeta;
  return {
    id: 1,
    uid: DATASOURCE_UID,
    type: DATASOURCE_TYPE,
    name: 'Deskpulse',
    access: 'proxy',
    url: `/api/datasources/proxy/uid/${DATASOURCE_UID}`,
    jsonData: { url: setup.deskpulseUrl } as DataSourceJsonData,
    readOnly: false,
    meta: { ...meta, module: `${base}module`, baseUrl: base.replace(/\/$/, '') },
  };
}

/** Grafana's data source service over one instance of the plugin's DataSource class. */
class HostDataSourceSrv implements DataSourceSrv {
  #instance: Promise<DataSourceApi> | undefined;

  constructor(
    private readonly setup: HostSetup,
    private readonly settings: DataSourceInstanceSettings,
  ) {}

  get(ref?: DataSourceRef | string | null): Promise<DataSourceApi> {
    if (!this.#matches(ref))
      return Promise.reject(new Error(`unknown data source ${JSON.stringify(ref)}`));
    this.#instance ??= this.#load();
    return this.#instance;
  }

  async #load(): Promise<DataSourceApi> {
    const url = `${this.setup.pluginBase}${this.setup.datasourcePath}`;
    const module = (await hostWindow.System.import(url)) as {
      plugin: DataSourcePlugin<DataSourceApi>;
    };
    const DataSourceClass = module.plugin.DataSourceClass as unknown as new (
      settings: DataSourceInstanceSettings,
    ) => DataSourceApi;
    const instance = new DataSourceClass(this.settings);
    instance.components = module.plugin.components;
    instance.meta = this.settings.meta;
    return instance;
  }

  #matches(ref?: DataSourceRef | string | null): boolean {
    if (ref === undefined || ref === null) return true;
    if (typeof ref === 'string') return ref === DATASOURCE_UID || ref === this.settings.name;
    return ref.uid === undefined || ref.uid === DATASOURCE_UID || ref.uid === '${datasource}';
  }

  getList(): DataSourceInstanceSettings[] {
    return [this.settings];
  }

  getInstanceSettings(ref?: DataSourceRef | string | null) {
    return this.#matches(ref) ? this.settings : undefined;
  }

  reload(): Promise<void> {
    this.#instance = undefined;
    return Promise.resolve();
  }

  registerRuntimeDataSource(): void {
    throw new Error('runtime data sources are not supported by the e2e host');
  }
}

const echoSrv: EchoSrv = {
  flush: () => undefined,
  addBackend: () => undefined,
  addEvent: () => undefined,
  onInteraction: () => () => undefined,
};

/** The runtime services a plugin may reach for; extensions are simply absent. */
export async function installServices(setup: HostSetup): Promise<void> {
  setBackendSrv(new HostBackendSrv());
  setTemplateSrv(templateSrv);
  setDataSourceSrv(new HostDataSourceSrv(setup, await instanceSettingsFor(setup)));
  setEchoSrv(echoSrv);
  setAppEvents(new EventBusSrv());
  setPluginLinksHook(() => ({ links: [], isLoading: false }));
  setPluginComponentsHook(() => ({ components: [], isLoading: false }));
  setPluginComponentHook(() => ({ component: null, isLoading: false }));
  setPluginFunctionsHook(() => ({ functions: [], isLoading: false }));
}
