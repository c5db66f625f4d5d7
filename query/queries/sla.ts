import {
  attainmentSummaryQuerySchema,
  attainmentSummaryRowSchema,
  breachRiskQuerySchema,
  breachRiskRowSchema,
  responsePercentilesRowSchema,
  satisfactionDistributionQuerySchema,
  satisfactionDistributionRowSchema,
  type BreachRiskRow,
  type ResponsePercentilesRow,
} from '../../schemas/query.ts';
import {
  attainmentQuerySchema,
  attainmentRowSchema,
  backlogQuerySchema,
  backlogRowSchema,
  liveQuerySchema,
  liveRowSchema,
  satisfactionQuerySchema,
  satisfactionRowSchema,
  type RollupGroupBy,
} from '../../schemas/sla-rollups.ts';
import {
  readAtRisk,
  readAttainment,
  readBacklog,
  readLive,
  readSatisfaction,
  readSatisfactionDistribution,
  readableVersion,
} from '../../rollups/sla/read/rollups.ts';
import { summariseAttainment } from '../attainment-summary.ts';
import { defineQuery, type NamedQuery, type QueryContext, type QueryRows } from '../definition.ts';

/*
 * The SLA named queries: the `GET /v1/sla/*` reads as frames, plus the
 * summaries the Grafana panels need. Each reads the policy version asked
 * for, or the newest completely computed one (SLA_NOT_READY without one),
 * and reports it in `meta.custom.policy_version`.
 */

async function atVersion(
  context: QueryContext,
  requested: number | undefined,
  read: (version: number) => Promise<readonly object[]>,
): Promise<QueryRows> {
  const version = await readableVersion(context.store, context.tenant, requested);
  return { rows: await read(version), custom: { policy_version: version } };
}

type Store = QueryContext['store'];

/** The shape of every SLA rollup read: (store, tenant, version, params, now). */
type VersionedRead<P> = (
  store: Store,
  tenant: string,
  version: number,
  params: P,
  nowMs: number,
) => Promise<readonly object[]>;

/** A named query's read that is one SLA rollup read at the readable version. */
const versioned =
  <P extends { version?: number | undefined }>(read: VersionedRead<P>) =>
  (context: QueryContext, params: P): Promise<QueryRows> =>
    atVersion(context, params.version, (version) =>
      read(context.store, context.tenant, version, params, context.nowMs),
    );

const grouped = (params: { group_by: readonly RollupGroupBy[] }): readonly string[] =>
  params.group_by;

const attainment = defineQuery({
  name: 'sla.attainment',
  title: 'SLA attainment',
  description:
    'Stopped SLA clocks per bucket × metric (× priority, queue): met, breached, attainment % and exact elapsed-time percentiles. The same figures as GET /v1/sla/attainment.',
  params: attainmentQuerySchema,
  range: true,
  row: attainmentRowSchema,
  time: ['bucket'],
  present: grouped,
  read: versioned(readAttainment),
});

const attainmentSummary = defineQuery({
  name: 'sla.attainment_summary',
  title: 'SLA attainment against target',
  description:
    'Attainment per priority over the whole range for one metric, against the objective of the matching sla_attainment SLO (same metric and priority, else same metric without priority), with the error budget: breaches allowed and the share of them left.',
  params: attainmentSummaryQuerySchema,
  range: true,
  row: attainmentSummaryRowSchema,
  read: (context, params) =>
    atVersion(context, params.version, async (version) => {
      // Hour buckets are the stored resolution: the range is counted exactly as asked.
      const rows = await readAttainment(
        context.store,
        context.tenant,
        version,
        { ...params, metric: [params.metric], interval: 'hour', tz: 'UTC', group_by: ['priority'] },
        context.nowMs,
      );
      const slos = (await context.slos.active(context.tenant))?.slos ?? [];
      return summariseAttainment(rows, slos, params);
    }),
});

const responsePercentiles = defineQuery({
  name: 'sla.response_percentiles',
  title: 'SLA response-time percentiles',
  description:
    'Exact 50th, 90th and 95th percentiles of the elapsed business seconds of stopped clocks per bucket × metric (default first_response).',
  params: attainmentQuerySchema,
  defaults: { metric: 'first_response' },
  range: true,
  row: responsePercentilesRowSchema,
  time: ['bucket'],
  present: grouped,
  read: (context, params) =>
    atVersion(context, params.version, async (version) => {
      const rows = await readAttainment(
        context.store,
        context.tenant,
        version,
        params,
        context.nowMs,
      );
      return rows.map((row): ResponsePercentilesRow => ({
        bucket: row.bucket,
        metric: row.metric,
        ...(row.priority === undefined ? {} : { priority: row.priority }),
        ...(row.queue === undefined ? {} : { queue: row.queue }),
        timed: row.timed,
        p50_s: row.elapsed_p50_s,
        p90_s: row.elapsed_p90_s,
        p95_s: row.elapsed_p95_s,
      }));
    }),
});

const live = defineQuery({
  name: 'sla.live',
  title: 'Open SLA clocks now',
  description:
    'Open clocks per metric × priority × queue as of now: running, paused, at warning, breached.',
  params: liveQuerySchema,
  range: false,
  row: liveRowSchema,
  read: versioned(readLive),
});

const breachRisk = defineQuery({
  name: 'sla.breach_risk',
  title: 'Clocks about to breach',
  description:
    'Open clocks that will breach if nothing changes, soonest first (with include_breached, those past breach_at first). Count down from breach_at; breach_probability stays null until breach prediction exists.',
  params: breachRiskQuerySchema,
  range: false,
  large: true,
  row: breachRiskRowSchema,
  time: ['breach_at', 'warn_at'],
  read: (context, params) =>
    atVersion(context, params.version, async (version) => {
      const rows = await readAtRisk(context.store, context.tenant, version, params, context.nowMs);
      return rows.map((row): BreachRiskRow => ({ ...row, breach_probability: null }));
    }),
});

const backlog = defineQuery({
  name: 'sla.backlog',
  title: 'Open tickets by status and age',
  description: 'Open tickets by status, status category and age at now (× priority, queue).',
  params: backlogQuerySchema,
  range: false,
  row: backlogRowSchema,
  present: grouped,
  read: versioned(readBacklog),
});

const satisfaction = defineQuery({
  name: 'sla.satisfaction',
  title: 'Satisfaction, first-contact resolution and reopens',
  description:
    'Per bucket: tickets solved, reopened and solved at first contact; satisfaction responses, % satisfied (score 4 or 5), average score and response rate.',
  params: satisfactionQuerySchema,
  range: true,
  row: satisfactionRowSchema,
  time: ['bucket'],
  units: { response_rate: 'percent' },
  present: grouped,
  read: versioned(readSatisfaction),
});

const satisfactionDistribution = defineQuery({
  name: 'sla.satisfaction_distribution',
  title: 'Satisfaction score distribution',
  description:
    'Satisfaction responses per score 1–5 given in the range (whole hours, like sla.satisfaction), every score listed.',
  params: satisfactionDistributionQuerySchema,
  range: true,
  row: satisfactionDistributionRowSchema,
  read: versioned(readSatisfactionDistribution),
});

export const SLA_QUERIES: readonly NamedQuery[] = [
  attainment,
  attainmentSummary,
  responsePercentiles,
  live,
  breachRisk,
  backlog,
  satisfaction,
  satisfactionDistribution,
];
