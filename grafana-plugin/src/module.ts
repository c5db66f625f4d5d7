import { AppPlugin } from '@grafana/data';

import { AppConfig } from './components/AppConfig';
import { RootPage } from './components/RootPage';

export const plugin = new AppPlugin().setRootPage(RootPage).addConfigPage({
  title: 'Configuration',
  icon: 'cog',
  body: AppConfig,
  id: 'configuration',
});
