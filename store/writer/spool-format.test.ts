import { describe, expect, it } from 'vitest';
import { FIXED_HEADER_BYTES, decodeRecord, encodeRecord, recordSize } from './spool-format.ts';

const payload = Buffer.from('{"id":1}\n{"id":2}\n');

function flip(buf: Buffer, at: number): void {
  buf.writeUInt8(buf.readUInt8(at) ^ 0xff, at);
}

describe('spool record format', () => {
  it('round-trips a record', () => {
    const record = encodeRecord('ticket_events', payload);
    expect(record.length).toBe(recordSize('ticket_events'.length, payload.length));
    expect(record.readUInt16LE(0)).toBe(0x5044);
    const decoded = decodeRecord(record);
    expect(decoded).toMatchObject({ kind: 'ok', table: 'ticket_events', size: record.length });
    expect(decoded.kind === 'ok' && decoded.payload.equals(payload)).toBe(true);
  });

  it('decodes consecutive records by offset', () => {
    const a = encodeRecord('a', Buffer.from('x\n'));
    const b = encodeRecord('bb', Buffer.from('yy\n'));
    const both = Buffer.concat([a, b]);
    const first = decodeRecord(both, 0);
    expect(first.kind).toBe('ok');
    const second = decodeRecord(both, a.length);
    expect(second).toMatchObject({ kind: 'ok', table: 'bb', size: b.length });
  });

  it('reports a torn tail at every cut point, with the size once the header is whole', () => {
    const record = encodeRecord('endpoint_samples', payload);
    for (let cut = 0; cut < record.length; cut++) {
      const result = decodeRecord(record.subarray(0, cut));
      expect(result.kind).toBe('torn');
      if (cut >= FIXED_HEADER_BYTES && result.kind === 'torn')
        expect(result.size).toBe(record.length);
    }
  });

  it('reports a checksum failure in the payload or the table name', () => {
    const record = encodeRecord('ticket_events', payload);
    const badPayload = Buffer.from(record);
    flip(badPayload, badPayload.length - 2);
    expect(decodeRecord(badPayload)).toEqual({ kind: 'corrupt', reason: 'crc mismatch' });
    const badTable = Buffer.from(record);
    flip(badTable, FIXED_HEADER_BYTES);
    expect(decodeRecord(badTable)).toEqual({ kind: 'corrupt', reason: 'crc mismatch' });
  });

  it('reports bad magic (including a zero-filled region) as corrupt', () => {
    expect(decodeRecord(Buffer.alloc(64))).toEqual({ kind: 'corrupt', reason: 'bad magic' });
  });

  it('refuses table names that do not fit the header', () => {
    expect(() => encodeRecord('', payload)).toThrow(RangeError);
    expect(() => encodeRecord('x'.repeat(256), payload)).toThrow(RangeError);
  });
});
