import {
  EventBusSrv,
  LoadingState,
  createDataFrame,
  getDefaultTimeRange,
  type DataFrame,
  type FieldType,
  type PanelProps,
} from '@grafana/data';

export interface FixtureField {
  name: string;
  type: FieldType;
  values: unknown[] | ArrayLike<unknown>;
  unit?: string;
}

/** A frame as the data source builds it from a Deskpulse response. */
export function fixtureFrame(name: string, fields: FixtureField[], refId = 'A'): DataFrame {
  return createDataFrame({
    name,
    refId,
    fields: fields.map(({ name: fieldName, type, values, unit }) => ({
      name: fieldName,
      type,
      values: values as unknown[],
      config: unit === undefined ? {} : { unit },
    })),
  });
}

/** Everything Grafana passes a panel, with inert callbacks. */
export function panelProps<T>(
  options: T,
  series: DataFrame[],
  overrides: Partial<PanelProps<T>> = {},
): PanelProps<T> {
  const timeRange = getDefaultTimeRange();
  return {
    id: 1,
    data: { state: LoadingState.Done, series, timeRange },
    timeRange,
    timeZone: 'utc',
    options,
    transparent: false,
    width: 800,
    height: 400,
    fieldConfig: { defaults: {}, overrides: [] },
    renderCounter: 0,
    title: 'Test panel',
    eventBus: new EventBusSrv(),
    onOptionsChange: () => undefined,
    onFieldConfigChange: () => undefined,
    replaceVariables: (value: string) => value,
    onChangeTimeRange: () => undefined,
    ...overrides,
  };
}
