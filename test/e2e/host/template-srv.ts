import type { DataFrame, Field, ScopedVars, TimeRange, TypedVariableModel } from '@grafana/data';
import type { TemplateSrv, VariableInterpolation } from '@grafana/runtime';
import { get } from 'lodash';

/** A dashboard variable as the host tracks it (a subset of Grafana's model). */
export interface HostVariable {
  name: string;
  label?: string;
  type: string;
  multi: boolean;
  includeAll: boolean;
  allValue?: string | null;
  current: { text: string | string[]; value: string | string[] };
  options: { text: string; value: string }[];
}

type Value = string | string[];
type Formatter = (value: Value, variable?: HostVariable) => string;

// Grafana's variable syntax: $var, [[var:fmt]] and ${var.path:fmt}.
const VARIABLE = /\$(\w+)|\[\[(\w+?)(?::(\w+))?\]\]|\${(\w+)(?:\.([^:^}]+))?(?::([^}]+))?}/g;

const list = (value: Value): string[] => (Array.isArray(value) ? value : [value]);
const escapeRegex = (text: string): string => text.replace(/[\\^$*+?.()|[\]{}/]/g, '\\$&');

const FORMATS: Record<string, Formatter> = {
  raw: (v) => list(v).join(','),
  csv: (v) => list(v).join(','),
  pipe: (v) => list(v).join('|'),
  json: (v) => JSON.stringify(v),
  text: (v) => list(v).join(' + '),
  glob: (v) => (Array.isArray(v) && v.length > 1 ? `{${v.join(',')}}` : list(v).join(',')),
  regex: (v) =>
    Array.isArray(v) && v.length > 1
      ? `(${v.map(escapeRegex).join('|')})`
      : escapeRegex(list(v).join('')),
  singlequote: (v) =>
    list(v)
      .map((s) => `'${s.replace(/'/g, "\\'")}'`)
      .join(','),
  doublequote: (v) =>
    list(v)
      .map((s) => `"${s.replace(/"/g, '\\"')}"`)
      .join(','),
  sqlstring: (v) =>
    list(v)
      .map((s) => `'${s.replace(/'/g, "''")}'`)
      .join(','),
  queryparam: (v, variable) =>
    list(v)
      .map((s) => `var-${variable?.name ?? ''}=${encodeURIComponent(s)}`)
      .join('&'),
};

/**
 * Grafana's __field and __series macros, read from the __dataContext that
 * applyFieldOverrides gives each field (how a displayName of
 * `${__field.labels.metric}` becomes the series' metric).
 */
function dataMacro(name: string, scopedVars: ScopedVars | undefined): object | undefined {
  const context = scopedVars?.['__dataContext']?.value as
    { frame?: DataFrame; field?: Field } | undefined;
  if (name === '__field' && context?.field !== undefined) {
    return { name: context.field.name, labels: context.field.labels ?? {} };
  }
  if (name === '__series' && context?.frame !== undefined) return { name: context.frame.name };
  return undefined;
}

/**
 * Grafana's template service for one dashboard: variables with their current
 * value ("All" expands to every option unless the variable has an allValue),
 * scoped variables first, and the time-range built-ins.
 */
export class HostTemplateSrv implements TemplateSrv {
  #variables: HostVariable[] = [];
  #range: TimeRange | undefined;

  setVariables(variables: HostVariable[]): void {
    this.#variables = variables;
  }

  getVariables(): TypedVariableModel[] {
    return this.#variables as unknown as TypedVariableModel[];
  }

  updateTimeRange(timeRange: TimeRange): void {
    this.#range = timeRange;
  }

  containsTemplate(target?: string): boolean {
    if (target === undefined) return false;
    for (const match of target.matchAll(VARIABLE)) {
      const name = match[1] ?? match[2] ?? match[4] ?? '';
      if (this.#value(name, undefined) !== undefined) return true;
    }
    return false;
  }

  replace(
    target?: string,
    scopedVars?: ScopedVars,
    format?: Parameters<TemplateSrv['replace']>[2],
    interpolations?: VariableInterpolation[],
  ): string {
    if (target === undefined) return '';
    return target.replace(
      VARIABLE,
      (match, a?: string, b?: string, bFmt?: string, c?: string, path?: string, cFmt?: string) => {
        const name = a ?? b ?? c ?? '';
        const value = this.#value(name, scopedVars, path);
        const fmt = bFmt ?? cFmt ?? format;
        const result = value === undefined ? match : this.#format(value, fmt, name);
        interpolations?.push({
          match,
          variableName: name,
          value: result,
          found: value !== undefined,
          ...(typeof fmt === 'string' ? { format: fmt } : {}),
        });
        return result;
      },
    );
  }

  #format(value: Value, format: Parameters<TemplateSrv['replace']>[2], name: string) {
    const variable = this.#variables.find((v) => v.name === name);
    // Grafana calls a format function with the value and the variable.
    if (typeof format === 'function') {
      return String((format as (v: unknown, d: unknown) => unknown)(value, variable));
    }
    const formatter = FORMATS[format ?? 'glob'] ?? FORMATS['glob'];
    return formatter === undefined ? String(value) : formatter(value, variable);
  }

  #value(name: string, scopedVars: ScopedVars | undefined, path?: string): Value | undefined {
    const scoped: unknown = scopedVars?.[name]?.value ?? dataMacro(name, scopedVars);
    // ${__field.labels.metric}: a path into a scoped object (the field, the series).
    if (scoped !== undefined && path !== undefined) {
      const found: unknown = get(scoped, path);
      if (found === undefined || found === null) return undefined;
      return typeof found === 'string' ? found : JSON.stringify(found);
    }
    if (scoped !== undefined) return scoped as Value;
    const builtin = this.#builtin(name);
    if (builtin !== undefined) return builtin;
    const variable = this.#variables.find((v) => v.name === name);
    if (variable === undefined) return undefined;
    const current = list(variable.current.value);
    if (!current.includes('$__all')) return variable.current.value;
    if (variable.allValue !== undefined && variable.allValue !== null) return variable.allValue;
    return variable.options.map((o) => o.value).filter((v) => v !== '$__all');
  }

  #builtin(name: string): string | undefined {
    const range = this.#range;
    if (range === undefined) return undefined;
    if (name === '__from') return String(range.from.valueOf());
    if (name === '__to') return String(range.to.valueOf());
    return undefined;
  }
}
