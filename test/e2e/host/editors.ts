import type {
  DataSourceApi,
  DataSourceJsonData,
  DataSourcePluginOptionsEditorProps,
  DataSourceSettings,
  QueryEditorProps,
} from '@grafana/data';
import { getDataSourceSrv } from '@grafana/runtime';
import type { DataQuery } from '@grafana/schema';
import { createElement, useState, type ComponentType, type ReactNode } from 'react';
import { createBox } from './dom.ts';
import { mount } from './mount.ts';
import { DATASOURCE_TYPE, DATASOURCE_UID } from './services.ts';

type AnyQueryEditor = ComponentType<QueryEditorProps<DataSourceApi>>;
type AnyConfigEditor = ComponentType<DataSourcePluginOptionsEditorProps>;

/** Grafana keeps the query in the panel model; here a state hook stands in for it. */
function QueryEditorHost(props: { editor: AnyQueryEditor; datasource: DataSourceApi }): ReactNode {
  const [query, setQuery] = useState<DataQuery>({
    refId: 'A',
    queryName: '',
    params: {},
  } as DataQuery);
  return createElement(props.editor, {
    datasource: props.datasource,
    query,
    onChange: setQuery,
    onRunQuery: () => undefined,
    app: 'panel-editor' as never,
  });
}

/** What Grafana's data source settings page passes: the saved settings, the key only as "configured". */
function settings(url: string, keyConfigured: boolean): DataSourceSettings {
  // Without the deprecated `database`, which this data source never reads.
  const saved: Omit<DataSourceSettings, 'database'> = {
    id: 1,
    uid: DATASOURCE_UID,
    orgId: 1,
    name: 'Deskpulse',
    typeLogoUrl: '',
    type: DATASOURCE_TYPE,
    typeName: 'Deskpulse',
    access: 'proxy',
    url: '',
    user: '',
    basicAuth: false,
    basicAuthUser: '',
    isDefault: true,
    jsonData: { url } as DataSourceJsonData,
    secureJsonFields: { apiKey: keyConfigured },
    secureJsonData: {},
    readOnly: false,
    withCredentials: false,
    version: 1,
  };
  return saved as DataSourceSettings;
}

function ConfigEditorHost(props: { editor: AnyConfigEditor; url: string; keyConfigured: boolean }) {
  const [options, setOptions] = useState(() => settings(props.url, props.keyConfigured));
  return createElement(props.editor, { options, onOptionsChange: setOptions });
}

/**
 * The data source's QueryEditor (as in a panel editor) and its ConfigEditor
 * twice: a new data source, and a saved one whose API key is configured.
 */
export async function renderEditors(deskpulseUrl: string): Promise<void> {
  const datasource = await getDataSourceSrv().get(DATASOURCE_UID);
  const queryEditor = datasource.components?.QueryEditor as AnyQueryEditor | undefined;
  const configEditor = datasource.components?.ConfigEditor as AnyConfigEditor | undefined;
  if (queryEditor === undefined || configEditor === undefined) {
    throw new Error('the data source plugin has no QueryEditor or ConfigEditor');
  }
  await mount(
    createBox('query-editor', 900),
    createElement(QueryEditorHost, { editor: queryEditor, datasource }),
  );
  await mount(
    createBox('config-editor-new', 900),
    createElement(ConfigEditorHost, {
      editor: configEditor,
      url: deskpulseUrl,
      keyConfigured: false,
    }),
  );
  await mount(
    createBox('config-editor-saved', 900),
    createElement(ConfigEditorHost, {
      editor: configEditor,
      url: deskpulseUrl,
      keyConfigured: true,
    }),
  );
}
