/**
 * JSONEachRow text for the raw tables, built as strings straight into insert
 * buffers: at 100M samples an object (or a JSON.stringify) per row would cost
 * more than the engine's parse. Timestamps come from lookup tables (the date
 * of each day, "HH:MM:SS" of each second) and gauges from a table of tenths.
 * Rows carry exactly what the ingest API accepts; validate.ts checks a sample.
 */
import type { Device } from './fleet.ts';
import { DAY_S } from './workload.ts';

const pad2 = (n: number): string => String(n).padStart(2, '0');

const HMS: readonly string[] = Array.from(
  { length: DAY_S },
  (_, s) => `${pad2(Math.floor(s / 3600))}:${pad2(Math.floor(s / 60) % 60)}:${pad2(s % 60)}`,
);
const MILLIS: readonly string[] = Array.from({ length: 1000 }, (_, i) =>
  String(i).padStart(3, '0'),
);
/** 0.0 … 100.0 by tenths, as JSON numbers. */
const TENTHS: readonly string[] = Array.from({ length: 1001 }, (_, i) => String(i / 10));

const at = <T>(items: readonly T[], index: number): T => {
  const item = items[index];
  if (item === undefined) throw new Error(`index ${index} out of range`);
  return item;
};

/** A gauge (0–100) as JSON text, to one decimal. */
export function gauge(value: number): string {
  return at(TENTHS, Math.round(Math.min(100, Math.max(0, value)) * 10));
}

/** RFC 3339 UTC instants for the days around the loaded history. */
export class Clock {
  readonly #firstDayS: number;
  readonly #dates: readonly string[];

  constructor(firstDayS: number, days: number) {
    this.#firstDayS = firstDayS;
    this.#dates = Array.from(
      { length: days },
      (_, d) => `${new Date((firstDayS + d * DAY_S) * 1000).toISOString().slice(0, 10)}T`,
    );
  }

  /** Whole seconds → "2026-10-31T08:05:00Z". */
  seconds(s: number): string {
    const offset = s - this.#firstDayS;
    const day = Math.floor(offset / DAY_S);
    return `${at(this.#dates, day)}${at(HMS, offset - day * DAY_S)}Z`;
  }

  /** Milliseconds → "2026-10-31T08:05:00.123Z". */
  millis(ms: number): string {
    const s = Math.floor(ms / 1000);
    const offset = s - this.#firstDayS;
    const day = Math.floor(offset / DAY_S);
    return `${at(this.#dates, day)}${at(HMS, offset - day * DAY_S)}.${at(MILLIS, ms - s * 1000)}Z`;
  }
}

/** The constant parts of one device's rows, built once. */
export interface DeviceRows {
  /** `{"tenant":…,"device_id":…,"occurred_at":"` */
  head: string;
  /** Inventory and the closing brace of a sample, with its newline. */
  inventory: string;
}

export function deviceRows(tenant: string, device: Device): DeviceRows {
  return {
    head: `{"tenant":${JSON.stringify(tenant)},"device_id":"${device.id}","occurred_at":"`,
    inventory:
      `,"os":"${device.os}","os_version":"${device.osVersion}","model":"${device.model.name}",` +
      `"site":"${device.site}","agent_version":"${device.agentVersion}"}\n`,
  };
}

/**
 * A growable byte buffer of rows, with a spare: `take()` hands out the filled
 * bytes (for an insert, which reads them zero-copy) and continues in the
 * spare. The caller must not take again before that insert has finished.
 */
export class RowBuffer {
  rows = 0;
  #active: Buffer;
  #spare: Buffer;
  #length = 0;

  constructor(initialBytes = 4 * 1024 * 1024) {
    this.#active = Buffer.allocUnsafe(initialBytes);
    this.#spare = Buffer.allocUnsafe(initialBytes);
  }

  get bytes(): number {
    return this.#length;
  }

  /** Appends one row (its text ends with "\n"); names are ASCII, so latin1 is one byte a character. */
  push(row: string): void {
    if (this.#length + row.length > this.#active.length) {
      const grown = Buffer.allocUnsafe(Math.ceil((this.#length + row.length) * 1.5));
      this.#active.copy(grown, 0, 0, this.#length);
      this.#active = grown;
    }
    this.#length += this.#active.write(row, this.#length, 'latin1');
    this.rows += 1;
  }

  take(): { body: Buffer; rows: number } {
    const taken = { body: this.#active.subarray(0, this.#length), rows: this.rows };
    [this.#active, this.#spare] = [this.#spare, this.#active];
    this.#length = 0;
    this.rows = 0;
    return taken;
  }
}
