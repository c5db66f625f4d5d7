import { PanelPlugin } from '@grafana/data';

import { ReliabilityPanel } from './ReliabilityPanel';
import { defaultReliabilityOptions, type CellSort, type ReliabilityOptions } from './types';

export const plugin = new PanelPlugin<ReliabilityOptions>(ReliabilityPanel).setPanelOptions(
  (builder) =>
    builder
      .addNumberInput({
        path: 'maxCells',
        name: 'Max cells',
        description: 'Show at most this many entities, after sorting',
        defaultValue: defaultReliabilityOptions.maxCells,
        settings: { min: 1, integer: true },
      })
      .addRadio<CellSort, { options: Array<{ value: CellSort; label: string }> }>({
        path: 'sort',
        name: 'Sort',
        description: 'Order of the cells; entities without a score go last',
        defaultValue: defaultReliabilityOptions.sort,
        settings: {
          options: [
            { value: 'worst', label: 'Worst first' },
            { value: 'best', label: 'Best first' },
            { value: 'label', label: 'Name' },
          ],
        },
      })
      .addBooleanSwitch({
        path: 'showLabels',
        name: 'Show labels',
        description: 'Entity name and score inside cells large enough to hold them',
        defaultValue: defaultReliabilityOptions.showLabels,
      })
      .addBooleanSwitch({
        path: 'showLegend',
        name: 'Show legend',
        defaultValue: defaultReliabilityOptions.showLegend,
      }),
);
