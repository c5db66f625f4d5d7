import { describe, expect, it } from 'vitest';
import { mapMetrics } from './metrics-map.ts';
import { Rejections } from './records.ts';
import { metricJson, metricsRequest } from './test-support.ts';

const T = '2024-03-05T10:00:00.000Z';
const PC1 = {
  'host.name': 'pc-1',
  'os.type': 'windows',
  'os.version': '10.0.22631',
  'device.model.name': 'Latitude 7440',
  'deskpulse.site': 'Berlin',
  'deskpulse.agent.version': '2.4.1',
};

function cpuMetric(time: string, idle: number) {
  return metricJson('system.cpu.utilization', [
    { time, value: idle, attributes: { cpu: 'cpu0', state: 'idle' } },
    { time, value: 1 - idle, attributes: { cpu: 'cpu0', state: 'user' } },
  ]);
}

describe('mapMetrics', () => {
  it('turns the hostmetrics data points of one second into one sample', () => {
    const rejections = new Rejections();
    const request = metricsRequest([
      {
        attributes: PC1,
        metrics: [
          cpuMetric('2024-03-05T10:00:00.004Z', 0.75),
          metricJson('system.memory.utilization', [
            { time: '2024-03-05T09:59:59.700Z', value: 0.5, attributes: { state: 'used' } },
            { time: '2024-03-05T09:59:59.700Z', value: 0.5, attributes: { state: 'free' } },
          ]),
          metricJson(
            'system.filesystem.utilization',
            [{ time: T, value: 0.8, attributes: { device: 'C:', mountpoint: 'C:', mode: 'rw' } }],
            'sum',
          ),
          metricJson('system.uptime', [{ time: T, value: 86_400.7 }], 'sum'),
          metricJson('process.cpu.time', [{ time: T, value: 12 }]),
        ],
      },
    ]);
    const candidates = mapMetrics(request, rejections);
    expect(rejections.count).toBe(0);
    expect(candidates.map((c) => c.record)).toEqual([
      {
        kind: 'sample',
        device_id: 'pc-1',
        occurred_at: T,
        cpu_pct: 25,
        mem_pct: 50,
        disk_free_pct: 20,
        uptime_s: 86_400,
        os: 'Windows',
        os_version: '10.0.22631',
        model: 'Latitude 7440',
        site: 'Berlin',
        agent_version: '2.4.1',
      },
    ]);
    expect(candidates[0]?.origin).toEqual({
      items: 6,
      where: `resource 0 (host.name=pc-1) metric system.cpu.utilization point 0 (+5 more data points of the sample at ${T})`,
    });
    expect(candidates[0]?.parts?.uptime_s).toEqual({
      items: 1,
      where: 'resource 0 (host.name=pc-1) metric system.uptime point 0',
    });
    expect(candidates[0]?.parts?.site).toEqual({
      items: 0,
      where: 'resource 0 (host.name=pc-1) inventory',
    });
  });

  it('makes one sample per second, and merges resources of the same device', () => {
    const rejections = new Rejections();
    const request = metricsRequest([
      { attributes: { 'host.name': 'pc-1' }, metrics: [cpuMetric(T, 0.5)] },
      {
        attributes: { 'host.name': 'pc-1', 'os.type': 'linux' },
        metrics: [
          metricJson('system.uptime', [
            { time: T, value: 100 },
            { time: '2024-03-05T10:01:00.000Z', value: 160 },
          ]),
        ],
      },
      { attributes: { 'host.name': 'pc-2' }, metrics: [cpuMetric(T, 0.9)] },
    ]);
    const records = mapMetrics(request, rejections).map((c) => c.record);
    expect(records).toEqual([
      {
        kind: 'sample',
        device_id: 'pc-1',
        occurred_at: T,
        cpu_pct: 50,
        uptime_s: 100,
        os: 'Linux',
      },
      {
        kind: 'sample',
        device_id: 'pc-1',
        occurred_at: '2024-03-05T10:01:00.000Z',
        uptime_s: 160,
        os: 'Linux',
      },
      { kind: 'sample', device_id: 'pc-2', occurred_at: T, cpu_pct: 10 },
    ]);
  });

  it('rejects the points of a resource without a device id', () => {
    const rejections = new Rejections();
    const request = metricsRequest([
      {
        attributes: { 'service.name': 'collector' },
        metrics: [cpuMetric(T, 0.5), metricJson('http.server.duration', [{ time: T, value: 1 }])],
      },
    ]);
    expect(mapMetrics(request, rejections)).toEqual([]);
    expect(rejections.count).toBe(2);
    expect(rejections.message()).toBe(
      'resource 0: the resource has none of deskpulse.device.id, host.id, host.name, so no device to file it under (2 data points)',
    );
  });

  it('rejects unusable points one by one and keeps the rest', () => {
    const rejections = new Rejections();
    const request = metricsRequest([
      {
        attributes: { 'host.name': 'pc-1' },
        metrics: [
          metricJson('system.cpu.utilization', [
            { time: T, value: 1.7, attributes: { cpu: 'cpu0', state: 'idle' } },
            { time: T, value: 0.4, attributes: { cpu: 'cpu1', state: 'idle' } },
          ]),
          metricJson('system.memory.usage', [
            { time: T, value: -1, attributes: { state: 'used' } },
          ]),
        ],
      },
    ]);
    const records = mapMetrics(request, rejections).map((c) => c.record);
    expect(records).toEqual([{ kind: 'sample', device_id: 'pc-1', occurred_at: T, cpu_pct: 60 }]);
    expect(rejections.count).toBe(2);
    expect(rejections.reasons).toEqual([
      'resource 0 (host.name=pc-1) metric system.cpu.utilization point 0: utilization 1.7 is outside 0–1',
      'resource 0 (host.name=pc-1) metric system.memory.usage point 0: usage -1 bytes is negative',
    ]);
  });

  it('skips points flagged as having no recorded value, and repeated points replace earlier ones', () => {
    const rejections = new Rejections();
    const request = metricsRequest([
      {
        attributes: { 'host.name': 'pc-1' },
        metrics: [
          metricJson('system.uptime', [
            { time: T, value: 5, flags: 1 },
            { time: T, value: 7 },
            { time: T, value: 9 },
          ]),
        ],
      },
    ]);
    const [candidate] = mapMetrics(request, rejections);
    expect(candidate?.record).toMatchObject({ uptime_s: 9 });
    expect(candidate?.origin.items).toBe(1);
    expect(rejections.count).toBe(0);
  });

  it('rejects a point without a timestamp', () => {
    const rejections = new Rejections();
    const request = metricsRequest([
      {
        attributes: { 'host.name': 'pc-1' },
        metrics: [{ name: 'system.uptime', gauge: { dataPoints: [{ asInt: '5' }] } }],
      },
    ]);
    expect(mapMetrics(request, rejections)).toEqual([]);
    expect(rejections.message()).toBe(
      'resource 0 (host.name=pc-1) metric system.uptime point 0: has no time_unix_nano',
    );
  });
});
