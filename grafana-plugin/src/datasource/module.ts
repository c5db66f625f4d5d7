import { DataSourcePlugin } from '@grafana/data';

import { ConfigEditor } from './ConfigEditor';
import { DataSource } from './DataSource';
import { QueryEditor } from './QueryEditor';
import type { DeskpulseOptions, DeskpulseQuery, DeskpulseSecureOptions } from './types';

export const plugin = new DataSourcePlugin<
  DataSource,
  DeskpulseQuery,
  DeskpulseOptions,
  DeskpulseSecureOptions
>(DataSource)
  .setConfigEditor(ConfigEditor)
  .setQueryEditor(QueryEditor);
