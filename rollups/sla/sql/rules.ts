import type { SlaRule } from '../../../schemas/sla-policy.ts';

/**
 * A policy's rules as SQL: a match expression built from the rules' shape,
 * with every value a query parameter, and one parameter array per rule field
 * read by the rule's index. Per-row lambdas over an array of rule tuples cost
 * more than the rest of the timeline together; this costs almost nothing.
 */
export interface RulesSql {
  /** 1-based index of the first rule that matches the state columns (`cur_*`, `attr_hist`), 0 if none. */
  matchSql: string;
  params: Record<string, unknown>;
  usesAttributes: boolean;
}

/** Parameter arrays of rule fields, indexed by `rule_idx` (`ruleField`). */
export const RULE_FIELDS = {
  id: 'Array(String)',
  calendar: 'Array(String)',
  cal_key: 'Array(String)',
  first_response: 'Array(Int64)',
  next_response: 'Array(Int64)',
  resolution: 'Array(Int64)',
  warn_pct: 'Array(UInt8)',
  restart: 'Array(UInt8)',
  pause: 'Array(Array(String))',
} as const;

export type RuleField = keyof typeof RULE_FIELDS;

/** A field of the rule in force at a row. */
export function ruleField(field: RuleField, index = 'assumeNotNull(rule_idx)'): string {
  return `arrayElement({rule_${field}:${RULE_FIELDS[field]}}, ${index})`;
}

const MATCHED = ['priority', 'queue', 'channel', 'organization'] as const;

function conditions(rule: SlaRule, i: number, params: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const field of MATCHED) {
    const values = rule.match[field];
    if (values === undefined) continue;
    const name = `r${String(i)}_${field}`;
    params[name] = values;
    out.push(`has({${name}:Array(String)}, ifNull(cur_${field}, ''))`);
  }
  Object.entries(rule.match.attributes ?? {}).forEach(([key, values], j) => {
    const name = `r${String(i)}_a${String(j)}`;
    params[`${name}_key`] = key;
    params[`${name}_values`] = values;
    const keyParam = `{${name}_key:String}`;
    out.push(
      `has({${name}_values:Array(String)}, arrayLast(m -> mapContains(m, ${keyParam}), attr_hist)[${keyParam}])`,
    );
  });
  return out;
}

export function rulesSql(
  rules: readonly SlaRule[],
  calKeys: readonly string[],
  targets: { first_response: number[]; next_response: number[]; resolution: number[] },
): RulesSql {
  const params: Record<string, unknown> = {
    rule_id: rules.map((rule) => rule.id),
    rule_calendar: rules.map((rule) => rule.calendar),
    rule_cal_key: calKeys,
    rule_first_response: targets.first_response,
    rule_next_response: targets.next_response,
    rule_resolution: targets.resolution,
    rule_warn_pct: rules.map((rule) => rule.warn_pct),
    rule_restart: rules.map((rule) => (rule.on_reopen === 'restart' ? 1 : 0)),
    rule_pause: rules.map((rule) => rule.pause_statuses),
  };
  const branches = rules.map((rule, i) => {
    const all = conditions(rule, i, params);
    return `${all.length === 0 ? '1' : all.join(' AND ')}, ${String(i + 1)}`;
  });
  return {
    matchSql: `multiIf(${branches.join(', ')}, 0)`,
    params,
    usesAttributes: rules.some((rule) => Object.keys(rule.match.attributes ?? {}).length > 0),
  };
}
