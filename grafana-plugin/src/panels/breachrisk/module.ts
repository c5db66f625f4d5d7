import { PanelPlugin } from '@grafana/data';

import { BreachRiskPanel } from './BreachRiskPanel';
import { defaultBreachRiskOptions, type BreachRiskOptions } from './types';

export const plugin = new PanelPlugin<BreachRiskOptions>(BreachRiskPanel).setPanelOptions(
  (builder) =>
    builder
      .addTextInput({
        path: 'ticketUrl',
        name: 'Ticket link',
        description:
          'URL template for the ticket id, e.g. https://desk.example.com/tickets/${ticket_id} (also ${metric}, ${queue}, ${priority}, dashboard variables); empty = no link',
        defaultValue: defaultBreachRiskOptions.ticketUrl,
      })
      .addNumberInput({
        path: 'soonMinutes',
        name: 'Soon threshold (minutes)',
        description: 'Clocks with less time left are highlighted; 0 turns this off',
        defaultValue: defaultBreachRiskOptions.soonMinutes,
        settings: { min: 0, integer: true },
      })
      .addBooleanSwitch({
        path: 'showSummary',
        name: 'Show summary',
        description: 'Count open, breached, at-warning and paused clocks above the list',
        defaultValue: defaultBreachRiskOptions.showSummary,
      }),
);
