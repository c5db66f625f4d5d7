import type { EndpointSample, INVENTORY_FIELDS } from '../../schemas/telemetry.ts';
import { attributeMap, firstStringAttribute } from './attributes.ts';
import type { Attributes } from './attributes.ts';
import type { Resource } from './proto.ts';

export type InventoryField = (typeof INVENTORY_FIELDS)[number];
export type Inventory = Partial<Pick<EndpointSample, InventoryField>>;

/** Resource attributes that name the device, most specific first. */
export const DEVICE_ID_KEYS = ['deskpulse.device.id', 'host.id', 'host.name'] as const;

/** Resource attributes read for each inventory field, first present wins. */
export const INVENTORY_KEYS: Readonly<Record<InventoryField, readonly string[]>> = {
  os: ['os.name', 'os.type'],
  os_version: ['os.version'],
  model: ['device.model.name', 'device.model.identifier', 'host.type'],
  site: ['deskpulse.site'],
  agent_version: ['deskpulse.agent.version', 'service.version'],
};

// os.type is a lowercase enum; the names people group reliability by are these.
const OS_TYPE_NAMES: Readonly<Record<string, string>> = {
  windows: 'Windows',
  darwin: 'macOS',
  linux: 'Linux',
  freebsd: 'FreeBSD',
  netbsd: 'NetBSD',
  openbsd: 'OpenBSD',
  dragonflybsd: 'DragonFly BSD',
  hpux: 'HP-UX',
  aix: 'AIX',
  solaris: 'Solaris',
  z_os: 'z/OS',
};

/** One resource of a request: who it is, how messages name it, and its inventory. */
export interface ResourceInfo {
  deviceId: string | undefined;
  /** `resource 0 (host.name=pc-1)`: where a rejection happened, for partial_success. */
  label: string;
  inventory: Inventory;
}

function inventoryOf(attributes: Attributes): Inventory {
  const inventory: Inventory = {};
  for (const field of Object.keys(INVENTORY_KEYS) as InventoryField[]) {
    const found = firstStringAttribute(attributes, INVENTORY_KEYS[field]);
    if (found === undefined) continue;
    inventory[field] =
      found.key === 'os.type' ? (OS_TYPE_NAMES[found.value] ?? found.value) : found.value;
  }
  return inventory;
}

// Long or odd identities must not blow up a message that lists several of them.
function shown(value: string): string {
  const short = value.length > 64 ? `${value.slice(0, 61)}...` : value;
  return /^[\w.:@-]+$/.test(short) ? short : JSON.stringify(short);
}

/** Identity and inventory of the `index`th resource of a request. */
export function resourceInfo(index: number, resource: Resource | null | undefined): ResourceInfo {
  const attributes = attributeMap(resource?.attributes);
  const identity = firstStringAttribute(attributes, DEVICE_ID_KEYS);
  return {
    deviceId: identity?.value,
    label:
      identity === undefined
        ? `resource ${index}`
        : `resource ${index} (${identity.key}=${shown(identity.value)})`,
    inventory: inventoryOf(attributes),
  };
}

/** Why a resource's data cannot be stored, for partial_success. */
export function missingDeviceReason(): string {
  return `the resource has none of ${DEVICE_ID_KEYS.join(', ')}, so no device to file it under`;
}
