import { describe, expect, it } from 'vitest';
import { ENDPOINT_EVENT_TYPES } from '../../schemas/telemetry.ts';
import { EVENT_NAME_ALIASES, eventTypeOf, mapLogs } from './logs-map.ts';
import { Rejections } from './records.ts';
import { logsRequest } from './test-support.ts';

const T = '2024-03-05T10:00:00.123Z';
const PC1 = { 'host.id': 'a1b2c3', 'host.name': 'pc-1' };

describe('eventTypeOf', () => {
  it('accepts the Deskpulse type names and the dotted aliases, in any case', () => {
    for (const type of ENDPOINT_EVENT_TYPES) expect(eventTypeOf(type)).toBe(type);
    expect(Object.values(EVENT_NAME_ALIASES).sort()).toEqual([...ENDPOINT_EVENT_TYPES].sort());
    expect(eventTypeOf('App.Crash')).toBe('app_crash');
    expect(eventTypeOf('device.boot')).toBe('boot');
    expect(eventTypeOf('browser.page_view')).toBeUndefined();
    expect(eventTypeOf(undefined)).toBeUndefined();
  });
});

describe('mapLogs', () => {
  it('maps event log records onto endpoint events and ignores ordinary logs', () => {
    const rejections = new Rejections();
    const request = logsRequest([
      {
        attributes: PC1,
        records: [
          {
            time: T,
            attributes: {
              'event.name': 'app.crash',
              'process.executable.name': 'OUTLOOK.EXE',
              'app.version': '16.0.17328',
              'exception.type': '0xc0000005',
            },
          },
          { time: T, body: 'disk cleanup finished', attributes: { 'log.level': 'info' } },
          {
            time: '2024-03-05T08:00:00Z',
            attributes: { 'event.name': 'boot', 'boot.duration': 41.5, 'shutdown.clean': true },
          },
          {
            observed: '2024-03-05T07:59:00Z',
            attributes: { 'event.name': 'device.shutdown', 'shutdown.clean': 'false' },
          },
          { time: T, attributes: { 'event.name': 'patch.installed', 'patch.id': 'KB5034765' } },
          { time: T, attributes: { 'event.name': 'service.failure', 'error.code': 'Spooler' } },
        ],
      },
    ]);
    const candidates = mapLogs(request, rejections);
    expect(rejections.count).toBe(0);
    expect(candidates.map((c) => c.record)).toEqual([
      {
        kind: 'event',
        device_id: 'a1b2c3',
        occurred_at: T,
        type: 'app_crash',
        app: 'OUTLOOK.EXE',
        app_version: '16.0.17328',
        code: '0xc0000005',
      },
      {
        kind: 'event',
        device_id: 'a1b2c3',
        occurred_at: '2024-03-05T08:00:00.000Z',
        type: 'boot',
        boot_duration_s: 41.5,
      },
      {
        kind: 'event',
        device_id: 'a1b2c3',
        occurred_at: '2024-03-05T07:59:00.000Z',
        type: 'shutdown',
        clean: false,
      },
      {
        kind: 'event',
        device_id: 'a1b2c3',
        occurred_at: T,
        type: 'patch_installed',
        code: 'KB5034765',
      },
      {
        kind: 'event',
        device_id: 'a1b2c3',
        occurred_at: T,
        type: 'service_failure',
        code: 'Spooler',
      },
    ]);
    expect(candidates.map((c) => c.origin.where)).toEqual([
      'resource 0 (host.id=a1b2c3) log record 0 (app.crash)',
      'resource 0 (host.id=a1b2c3) log record 2 (boot)',
      'resource 0 (host.id=a1b2c3) log record 3 (device.shutdown)',
      'resource 0 (host.id=a1b2c3) log record 4 (patch.installed)',
      'resource 0 (host.id=a1b2c3) log record 5 (service.failure)',
    ]);
  });

  it('prefers app.name over process.executable.name', () => {
    const request = logsRequest([
      {
        attributes: PC1,
        records: [
          {
            time: T,
            attributes: {
              'event.name': 'app_hang',
              'app.name': 'Microsoft Outlook',
              'process.executable.name': 'OUTLOOK.EXE',
            },
          },
        ],
      },
    ]);
    expect(mapLogs(request, new Rejections())[0]?.record).toMatchObject({
      type: 'app_hang',
      app: 'Microsoft Outlook',
    });
  });

  it('rejects events without a device or a timestamp, not ordinary logs', () => {
    const rejections = new Rejections();
    const request = logsRequest([
      {
        attributes: { 'service.name': 'agent' },
        records: [
          { time: T, attributes: { 'event.name': 'boot' } },
          { time: T, attributes: { 'event.name': 'something.else' } },
        ],
      },
      { attributes: PC1, records: [{ attributes: { 'event.name': 'os_crash' } }] },
    ]);
    expect(mapLogs(request, rejections)).toEqual([]);
    expect(rejections.count).toBe(2);
    expect(rejections.reasons).toEqual([
      'resource 0: the resource has none of deskpulse.device.id, host.id, host.name, so no device to file it under (1 log record)',
      'resource 1 (host.id=a1b2c3) log record 0 (os_crash): has neither time_unix_nano nor observed_time_unix_nano',
    ]);
  });
});
