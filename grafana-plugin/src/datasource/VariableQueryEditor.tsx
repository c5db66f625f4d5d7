import { Combobox, InlineField } from '@grafana/ui';
import type { ComboboxOption } from '@grafana/ui';
import type { QueryEditorProps } from '@grafana/data';

import type { DataSource } from './DataSource';
import { VARIABLE_KINDS } from './types';
import type {
  DeskpulseOptions,
  DeskpulseQuery,
  DeskpulseVariableQuery,
  VariableKind,
} from './types';

type Props = QueryEditorProps<DataSource, DeskpulseQuery, DeskpulseOptions, DeskpulseVariableQuery>;

const LABELS: Record<VariableKind, string> = {
  queue: 'Queues',
  priority: 'Priorities',
  site: 'Sites',
  model: 'Device models',
  os_version: 'OS versions',
  app: 'Applications',
  metric: 'SLA metrics',
  slo: 'SLOs',
};

const OPTIONS: Array<ComboboxOption<VariableKind>> = VARIABLE_KINDS.map((kind) => ({
  value: kind,
  label: LABELS[kind],
}));

/** Picks what a query variable lists; the values come from `variables.values`. */
export function VariableQueryEditor({ query, onChange }: Props) {
  return (
    <InlineField
      label="Values of"
      labelWidth={14}
      tooltip="Distinct values Deskpulse has seen for this tenant, sorted"
    >
      <Combobox<VariableKind>
        aria-label="Variable values"
        width={30}
        options={OPTIONS}
        value={query.variable}
        onChange={(option) => {
          onChange({ ...query, variable: option.value });
        }}
      />
    </InlineField>
  );
}
