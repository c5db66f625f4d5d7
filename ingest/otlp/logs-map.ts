import type { EndpointEvent, EndpointEventType } from '../../schemas/telemetry.ts';
import { ENDPOINT_EVENT_TYPES } from '../../schemas/telemetry.ts';
import {
  attributeMap,
  booleanAttribute,
  firstStringAttribute,
  numberAttribute,
  stringAttribute,
  unixNanoToMs,
} from './attributes.ts';
import type { Attributes } from './attributes.ts';
import type { ExportLogsServiceRequest, LogRecord } from './proto.ts';
import type { Candidate, Rejections } from './records.ts';
import { missingDeviceReason, resourceInfo } from './resource.ts';

/** The log record attribute that names the event (LogRecord has no event_name field in this proto). */
export const EVENT_NAME_KEY = 'event.name';

/** Dotted event names agents commonly use, besides the Deskpulse type names themselves. */
export const EVENT_NAME_ALIASES: Readonly<Record<string, EndpointEventType>> = {
  'device.boot': 'boot',
  'device.shutdown': 'shutdown',
  'app.crash': 'app_crash',
  'app.hang': 'app_hang',
  'os.crash': 'os_crash',
  'service.failure': 'service_failure',
  'patch.installed': 'patch_installed',
};

/** Log record attributes read for each optional event field, first present wins. */
export const EVENT_ATTRIBUTE_KEYS = {
  app: ['app.name', 'process.executable.name'],
  app_version: ['app.version', 'process.executable.version'],
  code: ['error.code', 'exception.type', 'patch.id'],
  /** Seconds; read on `boot` events only. */
  boot_duration_s: ['boot.duration'],
  /** A boolean (or "true"/"false"); read on `shutdown` events only. */
  clean: ['shutdown.clean'],
} as const;

const TYPES: ReadonlySet<string> = new Set(ENDPOINT_EVENT_TYPES);

/** The Deskpulse event type an `event.name` stands for; undefined for ordinary logs. */
export function eventTypeOf(name: string | undefined): EndpointEventType | undefined {
  if (name === undefined) return undefined;
  const trimmed = name.trim().toLowerCase();
  if (TYPES.has(trimmed)) return trimmed as EndpointEventType;
  return EVENT_NAME_ALIASES[trimmed];
}

function text(attributes: Attributes, keys: readonly string[]): string | undefined {
  return firstStringAttribute(attributes, keys)?.value;
}

/** The native event of one log record, or a reason it has none. */
function eventOf(
  record: LogRecord,
  attributes: Attributes,
  type: EndpointEventType,
  deviceId: string,
): EndpointEvent | string {
  const ms = unixNanoToMs(record.timeUnixNano) ?? unixNanoToMs(record.observedTimeUnixNano);
  if (ms === undefined) return 'has neither time_unix_nano nor observed_time_unix_nano';
  const event: EndpointEvent = {
    kind: 'event',
    device_id: deviceId,
    occurred_at: new Date(ms).toISOString(),
    type,
  };
  const app = text(attributes, EVENT_ATTRIBUTE_KEYS.app);
  if (app !== undefined) event.app = app;
  const appVersion = text(attributes, EVENT_ATTRIBUTE_KEYS.app_version);
  if (appVersion !== undefined) event.app_version = appVersion;
  const code = text(attributes, EVENT_ATTRIBUTE_KEYS.code);
  if (code !== undefined) event.code = code;
  // The contract allows these on their own event type only; elsewhere the
  // generic attribute names mean something else and are left alone.
  if (type === 'boot') {
    const duration = numberAttribute(attributes, EVENT_ATTRIBUTE_KEYS.boot_duration_s[0]);
    if (duration !== undefined) event.boot_duration_s = duration;
  }
  if (type === 'shutdown') {
    const clean = booleanAttribute(attributes, EVENT_ATTRIBUTE_KEYS.clean[0]);
    if (clean !== undefined) event.clean = clean;
  }
  return event;
}

/**
 * An OTLP logs export → native endpoint events. Records whose `event.name`
 * is not an endpoint event are ordinary logs and ignored; events that cannot
 * be stored (no device, no timestamp) are rejected into `rejections`.
 */
export function mapLogs(
  request: ExportLogsServiceRequest,
  rejections: Rejections,
): Candidate<EndpointEvent>[] {
  const candidates: Candidate<EndpointEvent>[] = [];
  (request.resourceLogs ?? []).forEach((resourceLogs, resourceIndex) => {
    const info = resourceInfo(resourceIndex, resourceLogs.resource);
    let orphans = 0;
    // Numbered across the resource's scopes, so one number finds one record.
    let recordIndex = -1;
    for (const scope of resourceLogs.scopeLogs ?? []) {
      for (const record of scope.logRecords ?? []) {
        recordIndex += 1;
        const attributes = attributeMap(record.attributes);
        const name = stringAttribute(attributes, EVENT_NAME_KEY);
        const type = eventTypeOf(name);
        if (type === undefined) continue;
        if (info.deviceId === undefined) {
          orphans += 1;
          continue;
        }
        const where = `${info.label} log record ${recordIndex} (${name ?? type})`;
        const event = eventOf(record, attributes, type, info.deviceId);
        if (typeof event === 'string') rejections.add(1, `${where}: ${event}`);
        else candidates.push({ record: event, origin: { items: 1, where } });
      }
    }
    if (orphans > 0) {
      rejections.add(
        orphans,
        `${info.label}: ${missingDeviceReason()} (${orphans} log record${orphans === 1 ? '' : 's'})`,
      );
    }
  });
  return candidates;
}
