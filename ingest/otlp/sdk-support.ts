import type { LogRecord } from '@opentelemetry/api-logs';
import {
  JsonLogsSerializer,
  JsonMetricsSerializer,
  ProtobufLogsSerializer,
  ProtobufMetricsSerializer,
} from '@opentelemetry/otlp-transformer';
import { Resource } from '@opentelemetry/resources';
import {
  InMemoryLogRecordExporter,
  LoggerProvider,
  SimpleLogRecordProcessor,
} from '@opentelemetry/sdk-logs';
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import type { MetricData, ResourceMetrics } from '@opentelemetry/sdk-metrics';

/*
 * Real OTLP payloads for the tests: data recorded through the OpenTelemetry
 * SDK, encoded by the official serializers, as an agent would send them.
 */

/** A hostmetrics-style reading of one device at one instant. */
export interface HostSnapshot {
  /** cpu → state → utilization (0–1). */
  cpu?: Record<string, Record<string, number>>;
  /** state → utilization (0–1). */
  memoryUtilization?: Record<string, number>;
  /** state → bytes. */
  memoryUsage?: Record<string, number>;
  filesystems?: { mountpoint: string; type: string; mode: string; utilization: number }[];
  uptimeSeconds?: number;
}

/** A reader that only collects on demand. */
class ManualReader extends MetricReader {
  protected override onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
  protected override onShutdown(): Promise<void> {
    return Promise.resolve();
  }
}

// The SDK stamps collection time; tests need the instant they chose.
function pinned(metric: MetricData, at: [number, number]): MetricData {
  const dataPoints = metric.dataPoints.map((point) => ({ ...point, startTime: at, endTime: at }));
  return { ...metric, dataPoints } as MetricData;
}

/** Hostmetrics-named metrics of one device, recorded by a MeterProvider, all at `at`. */
export async function hostMetrics(
  resource: Record<string, string>,
  snapshot: HostSnapshot,
  at: Date,
): Promise<ResourceMetrics> {
  const reader = new ManualReader();
  const provider = new MeterProvider({ resource: new Resource(resource), readers: [reader] });
  const meter = provider.getMeter('otelcol/hostmetricsreceiver');
  const { cpu, memoryUtilization, memoryUsage, filesystems, uptimeSeconds } = snapshot;
  if (cpu !== undefined) {
    meter.createObservableGauge('system.cpu.utilization', { unit: '1' }).addCallback((result) => {
      for (const [name, states] of Object.entries(cpu)) {
        for (const [state, value] of Object.entries(states))
          result.observe(value, { cpu: name, state });
      }
    });
  }
  if (memoryUtilization !== undefined) {
    meter
      .createObservableGauge('system.memory.utilization', { unit: '1' })
      .addCallback((result) => {
        for (const [state, value] of Object.entries(memoryUtilization))
          result.observe(value, { state });
      });
  }
  if (memoryUsage !== undefined) {
    meter
      .createObservableUpDownCounter('system.memory.usage', { unit: 'By' })
      .addCallback((result) => {
        for (const [state, value] of Object.entries(memoryUsage)) result.observe(value, { state });
      });
  }
  if (filesystems !== undefined) {
    meter
      .createObservableGauge('system.filesystem.utilization', { unit: '1' })
      .addCallback((result) => {
        for (const { utilization, ...fs } of filesystems) {
          result.observe(utilization, { device: fs.mountpoint, ...fs });
        }
      });
  }
  if (uptimeSeconds !== undefined) {
    meter.createObservableGauge('system.uptime', { unit: 's' }).addCallback((result) => {
      result.observe(uptimeSeconds);
    });
  }
  const { resourceMetrics, errors } = await reader.collect();
  await provider.shutdown();
  if (errors.length > 0) throw new AggregateError(errors, 'metric collection failed');
  const ms = at.getTime();
  const hrTime: [number, number] = [Math.floor(ms / 1000), (ms % 1000) * 1_000_000];
  return {
    ...resourceMetrics,
    scopeMetrics: resourceMetrics.scopeMetrics.map((scope) => ({
      ...scope,
      metrics: scope.metrics.map((metric) => pinned(metric, hrTime)),
    })),
  };
}

/** Log records emitted through a LoggerProvider, as its exporter would see them. */
export async function emittedLogs(
  resource: Record<string, string>,
  records: readonly LogRecord[],
): Promise<ReadableLogRecord[]> {
  const exporter = new InMemoryLogRecordExporter();
  const provider = new LoggerProvider({ resource: new Resource(resource) });
  provider.addLogRecordProcessor(new SimpleLogRecordProcessor(exporter));
  const logger = provider.getLogger('deskpulse-agent', '2.4.1');
  for (const record of records) logger.emit(record);
  await provider.forceFlush();
  const finished = [...exporter.getFinishedLogRecords()];
  await provider.shutdown();
  return finished;
}

function bytes(encoded: Uint8Array | undefined): Buffer {
  if (encoded === undefined) throw new Error('the serializer produced nothing');
  return Buffer.from(encoded);
}

export const encode = {
  metricsProtobuf: (metrics: ResourceMetrics) =>
    bytes(ProtobufMetricsSerializer.serializeRequest(metrics)),
  metricsJson: (metrics: ResourceMetrics) => bytes(JsonMetricsSerializer.serializeRequest(metrics)),
  logsProtobuf: (logs: ReadableLogRecord[]) => bytes(ProtobufLogsSerializer.serializeRequest(logs)),
  logsJson: (logs: ReadableLogRecord[]) => bytes(JsonLogsSerializer.serializeRequest(logs)),
};
