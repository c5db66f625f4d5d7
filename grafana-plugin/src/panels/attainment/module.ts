import { PanelPlugin } from '@grafana/data';

import { AttainmentPanel } from './AttainmentPanel';
import { defaultAttainmentOptions, type AttainmentOptions } from './types';

export const plugin = new PanelPlugin<AttainmentOptions>(AttainmentPanel).setPanelOptions(
  (builder) =>
    builder
      .addTextInput({
        path: 'metricLabel',
        name: 'Metric label',
        description: 'Heading above the bars; empty shows the metric of the data',
        defaultValue: defaultAttainmentOptions.metricLabel,
      })
      .addBooleanSwitch({
        path: 'showBudget',
        name: 'Show error budget',
        description: 'Budget remaining and breaches allowed vs used, per priority',
        defaultValue: defaultAttainmentOptions.showBudget,
      })
      .addNumberInput({
        path: 'scaleMin',
        name: 'Bar starts at (%)',
        description: 'Start the attainment bar above 0 % to tell 95 % from 99 % at a glance',
        defaultValue: defaultAttainmentOptions.scaleMin,
        settings: { min: 0, max: 99, integer: true },
      }),
);
