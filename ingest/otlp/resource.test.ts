import { describe, expect, it } from 'vitest';
import { resourceInfo } from './resource.ts';
import { attributesJson } from './test-support.ts';
import type { KeyValue } from './proto.ts';

function resource(values: Record<string, string | number | boolean>) {
  return { attributes: attributesJson(values) as KeyValue[] };
}

describe('resourceInfo', () => {
  it('takes the device id from deskpulse.device.id, then host.id, then host.name', () => {
    expect(resourceInfo(0, resource({ 'host.name': 'pc-1' }))).toMatchObject({
      deviceId: 'pc-1',
      label: 'resource 0 (host.name=pc-1)',
    });
    expect(resourceInfo(1, resource({ 'host.name': 'pc-1', 'host.id': 'a1b2' }))).toMatchObject({
      deviceId: 'a1b2',
      label: 'resource 1 (host.id=a1b2)',
    });
    expect(
      resourceInfo(2, resource({ 'host.id': 'a1b2', 'deskpulse.device.id': 'ASSET-7' })),
    ).toMatchObject({ deviceId: 'ASSET-7', label: 'resource 2 (deskpulse.device.id=ASSET-7)' });
  });

  it('has no device without an identity, and quotes odd identities in the label', () => {
    expect(resourceInfo(3, resource({ 'service.name': 'agent' }))).toMatchObject({
      deviceId: undefined,
      label: 'resource 3',
    });
    expect(resourceInfo(4, null).deviceId).toBeUndefined();
    expect(resourceInfo(5, resource({ 'host.name': 'Front desk PC' })).label).toBe(
      'resource 5 (host.name="Front desk PC")',
    );
  });

  it('reads the inventory in the documented order', () => {
    const info = resourceInfo(
      0,
      resource({
        'host.name': 'pc-1',
        'os.type': 'windows',
        'os.version': '10.0.22631',
        'device.model.identifier': 'MacBookPro18,3',
        'host.type': 'n2-standard-4',
        'deskpulse.site': 'Berlin',
        'service.version': '0.98.0',
        'deskpulse.agent.version': '2.4.1',
      }),
    );
    expect(info.inventory).toEqual({
      os: 'Windows',
      os_version: '10.0.22631',
      model: 'MacBookPro18,3',
      site: 'Berlin',
      agent_version: '2.4.1',
    });
  });

  it('prefers os.name and device.model.name, and keeps unknown os.type values', () => {
    const named = resourceInfo(
      0,
      resource({
        'os.type': 'darwin',
        'os.name': 'macOS',
        'device.model.name': 'MacBook Pro',
        'device.model.identifier': 'MacBookPro18,3',
        'service.version': '0.98.0',
      }),
    );
    expect(named.inventory).toEqual({
      os: 'macOS',
      model: 'MacBook Pro',
      agent_version: '0.98.0',
    });
    expect(resourceInfo(0, resource({ 'os.type': 'darwin' })).inventory.os).toBe('macOS');
    expect(resourceInfo(0, resource({ 'os.type': 'plan9' })).inventory.os).toBe('plan9');
    expect(resourceInfo(0, resource({ 'host.type': 'n2-standard-4' })).inventory.model).toBe(
      'n2-standard-4',
    );
  });
});
