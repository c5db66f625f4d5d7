import type {
  OnReopen,
  SlaMetric,
  SlaPolicy,
  SlaRule,
  StatusCategory,
} from '../../../schemas/sla-policy.ts';
import { STATUS_CATEGORIES } from '../../../schemas/sla-policy.ts';

/** The fields of a ticket's state that rules match on (docs/sla.md §2–3). */
export interface MatchState {
  priority: string | undefined;
  queue: string | undefined;
  channel: string | undefined;
  organization: string | undefined;
  attributes: ReadonlyMap<string, string>;
}

type ScalarField = 'priority' | 'queue' | 'channel' | 'organization';
const SCALAR_FIELDS: readonly ScalarField[] = ['priority', 'queue', 'channel', 'organization'];

/** A rule reduced to what the clocks need: sets instead of lists, targets by metric. */
export interface CompiledRule {
  readonly rule: SlaRule;
  readonly index: number;
  readonly id: string;
  readonly calendarId: string;
  /** Target seconds by metric; null when the rule sets none. */
  readonly targets: Readonly<Record<SlaMetric, number | null>>;
  readonly warnPct: number;
  readonly pause: ReadonlySet<StatusCategory>;
  readonly onReopen: OnReopen;
  readonly matches: (state: MatchState) => boolean;
}

/** The category a status maps to, and whether the policy knows the status at all. */
export interface StatusMapping {
  readonly category: StatusCategory;
  readonly known: boolean;
}

const CATEGORY_NAMES: ReadonlySet<string> = new Set(STATUS_CATEGORIES);

function compileMatch(rule: SlaRule): (state: MatchState) => boolean {
  const scalars: { field: ScalarField; values: ReadonlySet<string> }[] = [];
  for (const field of SCALAR_FIELDS) {
    const values = rule.match[field];
    if (values !== undefined) scalars.push({ field, values: new Set(values) });
  }
  const attributes = Object.entries(rule.match.attributes ?? {}).map(
    ([key, values]) => [key, new Set(values)] as const,
  );
  if (scalars.length === 0 && attributes.length === 0) return () => true;
  return (state) => {
    for (const { field, values } of scalars) {
      const value = state[field];
      if (value === undefined || !values.has(value)) return false;
    }
    for (const [key, values] of attributes) {
      const value = state.attributes.get(key);
      if (value === undefined || !values.has(value)) return false;
    }
    return true;
  };
}

function compileRule(rule: SlaRule, index: number): CompiledRule {
  return {
    rule,
    index,
    id: rule.id,
    calendarId: rule.calendar,
    targets: {
      first_response: rule.targets.first_response ?? null,
      next_response: rule.targets.next_response ?? null,
      resolution: rule.targets.resolution ?? null,
    },
    warnPct: rule.warn_pct,
    pause: new Set(rule.pause_statuses),
    onReopen: rule.on_reopen,
    matches: compileMatch(rule),
  };
}

/**
 * A policy prepared once for many tickets: rules with their match sets, and
 * the status map (docs/sla.md §2: `status_map[status]` first, then a status
 * named like a category maps to itself, else it is unknown and counts as
 * `open`).
 */
export class CompiledPolicy {
  readonly policy: SlaPolicy;
  readonly rules: readonly CompiledRule[];
  readonly #statusMap: ReadonlyMap<string, StatusCategory>;

  constructor(policy: SlaPolicy) {
    this.policy = policy;
    this.rules = policy.rules.map(compileRule);
    this.#statusMap = new Map(Object.entries(policy.status_map));
  }

  mapStatus(status: string): StatusMapping {
    const mapped = this.#statusMap.get(status);
    if (mapped !== undefined) return { category: mapped, known: true };
    if (CATEGORY_NAMES.has(status)) return { category: status as StatusCategory, known: true };
    return { category: 'open', known: false };
  }

  /** Index of the first rule, top-down, that matches; -1 when none does. */
  firstMatch(state: MatchState): number {
    return this.rules.findIndex((rule) => rule.matches(state));
  }

  /** The rule at `index` (an index `firstMatch` returned). */
  rule(index: number): CompiledRule {
    const rule = this.rules[index];
    if (rule === undefined) throw new RangeError(`no rule at index ${String(index)}`);
    return rule;
  }
}

const compiled = new WeakMap<SlaPolicy, CompiledPolicy>();

/** The policy compiled once; later calls with the same object reuse it. */
export function compilePolicy(policy: SlaPolicy | CompiledPolicy): CompiledPolicy {
  if (policy instanceof CompiledPolicy) return policy;
  let result = compiled.get(policy);
  if (result === undefined) {
    result = new CompiledPolicy(policy);
    compiled.set(policy, result);
  }
  return result;
}
