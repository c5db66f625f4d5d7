import type { EndpointSample } from '../../schemas/telemetry.ts';
import { attributeMap, int64, stringAttribute, unixNanoToMs } from './attributes.ts';
import type { Attributes } from './attributes.ts';
import { gaugesOf, READ_METRICS } from './gauges.ts';
import type { Gauge, Reading } from './gauges.ts';
import type { ExportMetricsServiceRequest, NumberDataPoint } from './proto.ts';
import type { Candidate, Origin, Rejections } from './records.ts';
import { missingDeviceReason, resourceInfo } from './resource.ts';
import type { Inventory, InventoryField, ResourceInfo } from './resource.ts';

/** DataPointFlags.FLAG_NO_RECORDED_VALUE: a staleness marker, not a measurement. */
const NO_RECORDED_VALUE = 1;

/** The data points of one device in one second: they become one sample. */
interface SampleGroup {
  deviceId: string;
  /** Epoch milliseconds, on the second. */
  at: number;
  inventory: Inventory;
  /** Where the inventory came from (the first resource that had any). */
  inventoryWhere: string;
  /** metric → attribute set → reading; a repeated point replaces the earlier one. */
  readings: Map<string, Map<string, Reading>>;
}

function valueOf(point: NumberDataPoint): number | undefined {
  if (point.asDouble != null) return point.asDouble;
  const whole = int64(point.asInt);
  return whole === undefined ? undefined : Number(whole);
}

/** Why a data point cannot be used, or undefined when it can. */
function pointProblem(
  value: number | undefined,
  range: 'ratio' | 'bytes' | 'seconds',
): string | undefined {
  if (value === undefined) return 'has neither as_double nor as_int';
  if (!Number.isFinite(value)) return `value ${value} is not a finite number`;
  if (range === 'ratio' && (value < 0 || value > 1)) return `utilization ${value} is outside 0–1`;
  if (range === 'bytes' && value < 0) return `usage ${value} bytes is negative`;
  return undefined;
}

// Attribute sets are small (cpu, state, device…), so a sorted rendering is cheap.
function attributeKey(attributes: Attributes): string {
  return [...attributes.keys()]
    .sort()
    .map((key) => `${key}=${stringAttribute(attributes, key) ?? ''}`)
    .join('\u0000');
}

function groupFor(
  groups: Map<string, SampleGroup>,
  info: ResourceInfo & { deviceId: string },
  at: number,
): SampleGroup {
  const key = `${info.deviceId}\u0000${at}`;
  let group = groups.get(key);
  if (group === undefined) {
    group = {
      deviceId: info.deviceId,
      at,
      inventory: {},
      inventoryWhere: info.label,
      readings: new Map(),
    };
    groups.set(key, group);
  }
  // Several resources may describe one device (one per receiver); fill the gaps.
  for (const field of Object.keys(info.inventory) as InventoryField[]) {
    if (group.inventory[field] === undefined) group.inventory[field] = info.inventory[field];
  }
  return group;
}

function origin(readings: readonly Reading[], sample: string): Origin {
  const first = readings[0]?.where ?? sample;
  const more = readings.length - 1;
  return {
    items: readings.length,
    where: more === 0 ? first : `${first} (+${more} more data points of the sample at ${sample})`,
  };
}

function candidateOf(group: SampleGroup): Candidate<EndpointSample> | undefined {
  const byMetric = new Map(
    [...group.readings].map(([name, readings]) => [name, [...readings.values()]] as const),
  );
  const gauges = gaugesOf(byMetric);
  const names = Object.keys(gauges) as Gauge[];
  if (names.length === 0) return undefined;
  const occurredAt = new Date(group.at).toISOString();
  const record: EndpointSample = {
    kind: 'sample',
    device_id: group.deviceId,
    occurred_at: occurredAt,
    ...group.inventory,
  };
  const parts: Partial<Record<keyof EndpointSample, Origin>> = {};
  const used: Reading[] = [];
  for (const name of names) {
    const gauge = gauges[name];
    if (gauge === undefined) continue;
    record[name] = gauge.value;
    parts[name] = origin(gauge.readings, occurredAt);
    used.push(...gauge.readings);
  }
  for (const field of Object.keys(group.inventory) as InventoryField[]) {
    parts[field] = { items: 0, where: `${group.inventoryWhere} inventory` };
  }
  return { record, origin: origin(used, occurredAt), parts };
}

/**
 * An OTLP metrics export → one native sample per device and second. Data
 * points of metrics Deskpulse does not read are ignored; unusable points of
 * the ones it reads are rejected into `rejections`, one by one.
 */
export function mapMetrics(
  request: ExportMetricsServiceRequest,
  rejections: Rejections,
): Candidate<EndpointSample>[] {
  const groups = new Map<string, SampleGroup>();
  (request.resourceMetrics ?? []).forEach((resourceMetrics, resourceIndex) => {
    const info = resourceInfo(resourceIndex, resourceMetrics.resource);
    let orphans = 0;
    for (const scope of resourceMetrics.scopeMetrics ?? []) {
      for (const metric of scope.metrics ?? []) {
        const name = metric.name ?? '';
        const range = READ_METRICS.get(name);
        if (range === undefined) continue;
        (metric.gauge ?? metric.sum)?.dataPoints?.forEach((point, pointIndex) => {
          if (((point.flags ?? 0) & NO_RECORDED_VALUE) !== 0) return;
          if (info.deviceId === undefined) {
            orphans += 1;
            return;
          }
          const where = `${info.label} metric ${name} point ${pointIndex}`;
          const value = valueOf(point);
          const problem = pointProblem(value, range);
          const ms = unixNanoToMs(point.timeUnixNano);
          if (problem !== undefined || value === undefined || ms === undefined) {
            rejections.add(1, `${where}: ${problem ?? 'has no time_unix_nano'}`);
            return;
          }
          const group = groupFor(
            groups,
            { ...info, deviceId: info.deviceId },
            Math.round(ms / 1000) * 1000,
          );
          const attributes = attributeMap(point.attributes);
          const readings = group.readings.get(name) ?? new Map<string, Reading>();
          readings.set(attributeKey(attributes), { value, attributes, where });
          group.readings.set(name, readings);
        });
      }
    }
    if (orphans > 0) {
      rejections.add(
        orphans,
        `${info.label}: ${missingDeviceReason()} (${orphans} data point${orphans === 1 ? '' : 's'})`,
      );
    }
  });
  return [...groups.values()].flatMap((group) => candidateOf(group) ?? []);
}
