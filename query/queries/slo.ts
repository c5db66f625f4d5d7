import { DeskpulseError } from '../../schemas/errors.ts';
import { sloStatusRowSchema, type SloStatusRow } from '../../schemas/query.ts';
import {
  sloQuerySchema,
  type SloDefinition,
  type SloStatus,
  type StoredSlos,
} from '../../schemas/slo.ts';
import { readSloStatus } from '../../rollups/slo/index.ts';
import { percentOf } from '../attainment-summary.ts';
import { defineQuery, type NamedQuery } from '../definition.ts';

/** The SLOs asked for: all, or the named ones, each of which must exist. */
function selected(stored: StoredSlos | undefined, names: string[] | undefined): SloDefinition[] {
  const all = stored?.slos ?? [];
  if (names === undefined) return all;
  const missing = names.filter((name) => !all.some((slo) => slo.name === name));
  if (missing.length > 0) {
    const list = missing.map((name) => JSON.stringify(name)).join(', ');
    throw new DeskpulseError('INVALID_QUERY', `params.name: no SLO named ${list}`, {
      path: 'params.name',
      message: `no SLO named ${list}`,
    });
  }
  return all.filter((slo) => names.includes(slo.name));
}

/** One SLO's status flattened into a frame row; fractions as percentages. */
export function sloRowOf(status: SloStatus): SloStatusRow {
  const { sli, error_budget: budget, burn_rates: burn } = status;
  return {
    name: status.name,
    kind: status.indicator.kind,
    objective_pct: percentOf(status.objective),
    window: status.window,
    sli_good: sli.good,
    sli_total: sli.total,
    sli_pct: sli.ratio === null ? null : percentOf(sli.ratio),
    budget_allowed: budget.allowed_bad,
    budget_bad: budget.bad,
    budget_remaining_pct: budget.remaining === null ? null : percentOf(budget.remaining),
    burn_1h: burn['1h'],
    burn_6h: burn['6h'],
    burn_1d: burn['1d'],
    burn_3d: burn['3d'],
    status: status.status,
  };
}

const status = defineQuery({
  name: 'slo.status',
  title: 'SLO status',
  description:
    'Each SLO now: SLI, error budget, burn rates over 1h, 6h, 1d and 3d, and status (ok, ticket, page, no_data), as GET /v1/slos.',
  params: sloQuerySchema,
  range: false,
  row: sloStatusRowSchema,
  read: async (context, params) => {
    const stored = await context.slos.active(context.tenant);
    const wanted = selected(stored, params.name);
    const report = await readSloStatus(context.store, context.tenant, wanted, context.nowMs);
    return {
      rows: report.slos.map(sloRowOf),
      custom: {
        slo_version: stored?.version ?? null,
        sla_policy_version: report.sla_policy_version,
      },
    };
  },
});

export const SLO_QUERIES: readonly NamedQuery[] = [status];
