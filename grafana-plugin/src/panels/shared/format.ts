import {
  FieldType,
  formattedValueToString,
  getDisplayProcessor,
  type Field,
  type GrafanaTheme2,
} from '@grafana/data';

export type Formatter = (value: number | null) => string;

/** Grafana's unit formatting (`percent`, `s`, `locale`…) for one unit. */
export function unitFormatter(
  theme: GrafanaTheme2,
  unit: string | undefined,
  decimals?: number,
): Formatter {
  const display = getDisplayProcessor({
    field: { type: FieldType.number, config: { unit, decimals } },
    theme,
  });
  return (value) => (value === null ? '–' : formattedValueToString(display(value)));
}

/** Formats values as the frame's field config asks (unit, decimals), else with `fallbackUnit`. */
export function fieldFormatter(
  theme: GrafanaTheme2,
  field: Field,
  fallbackUnit?: string,
): Formatter {
  const { unit, decimals } = field.config;
  return unitFormatter(theme, unit ?? fallbackUnit, decimals ?? undefined);
}

/** `app_failures_per_1000h` → `App failures per 1000h`. */
export function humanize(name: string): string {
  const words = name.replace(/_/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Integer counts with thousands separators, in the user's locale. */
export function countFormatter(theme: GrafanaTheme2): Formatter {
  return unitFormatter(theme, 'locale', 0);
}
