import {
  applyFieldOverrides,
  dateTime,
  rangeUtil,
  toDataFrame,
  type DataFrame,
  type DataQueryRequest,
  type DataQueryResponse,
  type FieldConfigOptionsRegistry,
  type FieldConfigSource,
  type TimeRange,
} from '@grafana/data';
import { config, getDataSourceSrv } from '@grafana/runtime';
import { from, isObservable, lastValueFrom } from 'rxjs';
import type { FrameSummary, HostTarget } from './api.ts';
import { templateSrv } from './services.ts';

let requestCount = 0;

export function timeRangeOf(
  range: { from: number; to: number },
  raw?: { from: string; to: string },
): TimeRange {
  const fromTime = dateTime(range.from);
  const toTime = dateTime(range.to);
  return { from: fromTime, to: toTime, raw: raw ?? { from: fromTime, to: toTime } };
}

/**
 * What Grafana's query runner does for a panel: one DataQueryRequest to the
 * data source, the response's frames normalised with toDataFrame. Errors in
 * the response fail the render, as they would show on the panel.
 */
export async function queryFrames(
  targets: HostTarget[],
  range: TimeRange,
  maxDataPoints: number,
): Promise<DataFrame[]> {
  const ds = await getDataSourceSrv().get('deskpulse');
  templateSrv.updateTimeRange(range);
  const { interval, intervalMs } = rangeUtil.calculateInterval(range, maxDataPoints);
  requestCount += 1;
  const request: DataQueryRequest = {
    requestId: `e2e-${requestCount}`,
    app: 'dashboard',
    interval,
    intervalMs,
    maxDataPoints,
    range,
    scopedVars: {},
    targets,
    timezone: 'browser',
    startTime: Date.now(),
  };
  const result = ds.query(request);
  const response: DataQueryResponse = await lastValueFrom(
    isObservable(result) ? result : from(result),
  );
  const error = response.errors?.[0];
  if (error !== undefined) {
    throw new Error(`query failed: ${error.message ?? JSON.stringify(error)}`);
  }
  return (response.data as unknown[]).map((frame) => toDataFrame(frame));
}

/** Field config applied as the panel query runner's withFieldConfig does. */
export function withFieldConfig(
  frames: DataFrame[],
  fieldConfig: FieldConfigSource,
  registry: FieldConfigOptionsRegistry,
): DataFrame[] {
  return applyFieldOverrides({
    data: frames,
    fieldConfig,
    fieldConfigRegistry: registry,
    replaceVariables: (value, scopedVars, format) => templateSrv.replace(value, scopedVars, format),
    theme: config.theme2,
    timeZone: 'browser',
  });
}

export function summarise(frames: DataFrame[]): FrameSummary[] {
  return frames.map((frame) => ({
    name: frame.name,
    refId: frame.refId,
    fields: frame.fields.map((f) => f.name),
    length: frame.length,
  }));
}
