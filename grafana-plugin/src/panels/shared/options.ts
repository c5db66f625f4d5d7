/**
 * The panel's options over their defaults. Grafana fills defaults from the
 * options builder, but a panel saved by an older version or a host page that
 * passes partial options must not crash the panel.
 */
export function withDefaults<T extends object>(options: Partial<T> | undefined, defaults: T): T {
  const merged = { ...defaults };
  for (const [key, value] of Object.entries(options ?? {})) {
    if (value !== undefined && value !== null) (merged as Record<string, unknown>)[key] = value;
  }
  return merged;
}
