import { PanelPlugin } from '@grafana/data';

import { SatisfactionPanel } from './SatisfactionPanel';
import { defaultSatisfactionOptions, type SatisfactionOptions } from './types';

export const plugin = new PanelPlugin<SatisfactionOptions>(SatisfactionPanel).setPanelOptions(
  (builder) =>
    builder
      .addBooleanSwitch({
        path: 'showDistribution',
        name: 'Show score distribution',
        description: 'Responses per score 1–5, from the sla.satisfaction_distribution query',
        defaultValue: defaultSatisfactionOptions.showDistribution,
      })
      .addBooleanSwitch({
        path: 'showResolution',
        name: 'Show resolution rates',
        description: 'First-contact resolution and reopen rates of the solved tickets',
        defaultValue: defaultSatisfactionOptions.showResolution,
      }),
);
