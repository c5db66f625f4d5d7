import type { SloSli } from '../../../schemas/slo.ts';
import { bootDurationEvents } from './boot-duration.ts';
import { cleanShutdownEvents } from './clean-shutdowns.ts';
import { crashFreeEvents } from './crash-free.ts';
import { slaAttainmentEvents } from './sla-attainment.ts';
import type { SliRange, SqlQuery } from './window-counts.ts';

export type { SliRange, SqlQuery } from './window-counts.ts';
export { readWindowCounts, windowCountsQuery } from './window-counts.ts';

/**
 * The event query of an SLI, or undefined when it has nothing to read: SLA
 * attainment before the engine has completely computed any policy version.
 */
export function sliEvents(
  table: (name: string) => string,
  range: SliRange,
  sli: SloSli,
  slaVersion: number | undefined,
): SqlQuery | undefined {
  switch (sli.kind) {
    case 'crash_free_device_days':
      return crashFreeEvents(table, range);
    case 'boot_duration':
      return bootDurationEvents(table, range, sli.under);
    case 'clean_shutdowns':
      return cleanShutdownEvents(table, range);
    case 'sla_attainment':
      return slaVersion === undefined
        ? undefined
        : slaAttainmentEvents(table, range, sli, slaVersion);
  }
}
