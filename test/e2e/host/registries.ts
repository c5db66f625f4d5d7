import {
  FieldConfigProperty,
  standardEditorsRegistry,
  standardFieldConfigEditorRegistry,
  type FieldConfigPropertyItem,
  type StandardEditorsRegistryItem,
  type ThresholdsConfig,
} from '@grafana/data';

// Grafana core fills these registries at boot with its option editors and
// standard field options; @grafana/data leaves them empty. Panels need them to
// build their option defaults and to have dashboard field config applied.
// No editor UI is rendered here, so the editors are empty components.

const NoEditor = (): null => null;

const EDITORS = [
  'boolean',
  'color',
  'dashboard-uid',
  'field-name',
  'multi-select',
  'number',
  'radio',
  'select',
  'slider',
  'strings',
  'text',
  'timezone',
  'unit',
];

function thresholds(value: unknown): ThresholdsConfig | undefined {
  const config = value as ThresholdsConfig | undefined;
  if (config?.steps === undefined) return config;
  // Saved dashboards write the base step as null; Grafana reads it as -Infinity.
  const steps = config.steps
    .map((s) => ({ ...s, value: (s.value as number | null) ?? -Infinity }))
    .sort((a, b) => a.value - b.value);
  return { ...config, steps };
}

type Process = FieldConfigPropertyItem['process'];

const number: Process = (value: unknown) =>
  typeof value === 'number' && Number.isFinite(value) ? value : undefined;
const same: Process = (value: unknown) => value;
// Like Grafana's displayName option: ${__field.labels.x} and variables expand per field.
const template: Process = (value: unknown, context) =>
  typeof value === 'string'
    ? (context.replaceVariables?.(value, context.field?.state?.scopedVars) ?? value)
    : value;

const STANDARD: [FieldConfigProperty, string, Process, unknown?][] = [
  [FieldConfigProperty.Unit, 'Standard options', same],
  [FieldConfigProperty.Min, 'Standard options', number],
  [FieldConfigProperty.Max, 'Standard options', number],
  [FieldConfigProperty.FieldMinMax, 'Standard options', same],
  [FieldConfigProperty.Decimals, 'Standard options', number],
  [FieldConfigProperty.DisplayName, 'Standard options', template],
  [FieldConfigProperty.Color, 'Standard options', same],
  [FieldConfigProperty.NoValue, 'Standard options', template],
  [FieldConfigProperty.Mappings, 'Value mappings', same, []],
  [
    FieldConfigProperty.Thresholds,
    'Thresholds',
    (value: unknown) => thresholds(value),
    {
      mode: 'absolute',
      steps: [
        { value: -Infinity, color: 'green' },
        { value: 80, color: 'red' },
      ],
    },
  ],
  [FieldConfigProperty.Links, 'Data links and actions', same, []],
  [FieldConfigProperty.Actions, 'Data links and actions', same, []],
  [FieldConfigProperty.Filterable, 'Standard options', same],
];

export function registerStandardOptions(): void {
  standardEditorsRegistry.setInit(() =>
    EDITORS.map((id): StandardEditorsRegistryItem => ({ id, name: id, editor: NoEditor })),
  );
  standardFieldConfigEditorRegistry.setInit(() =>
    STANDARD.map(([id, category, process, defaultValue]): FieldConfigPropertyItem => ({
      id,
      path: id,
      name: id,
      category: [category],
      editor: NoEditor,
      override: NoEditor,
      process,
      shouldApply: () => true,
      ...(defaultValue === undefined ? {} : { defaultValue }),
    })),
  );
}
