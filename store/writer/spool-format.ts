import { crc32 } from 'node:zlib';

/*
 * One spool record:
 *
 *   [magic u16][payload length u32][crc32 u32][table length u8][table bytes][payload]
 *
 * Integers are little-endian. The checksum covers the table name and the
 * payload, so a record cannot be replayed into the wrong table. The length is
 * not covered: a length that runs past the end of the file is read as a torn
 * tail, which is what a crash in the middle of a write leaves behind.
 */

/** "DP" on disk. */
export const RECORD_MAGIC = 0x5044;
/** magic + payload length + crc + table length. */
export const FIXED_HEADER_BYTES = 11;
export const MAX_TABLE_NAME_BYTES = 255;
const MAX_PAYLOAD_BYTES = 0xffff_ffff;

export type DecodeResult =
  /** `size` is the whole record, header included: where the next one starts. */
  | { readonly kind: 'ok'; readonly table: string; readonly payload: Buffer; readonly size: number }
  /**
   * The buffer ends inside the record. `size` is the full record size when the
   * header was complete enough to tell, so a reader can fetch exactly that much.
   */
  | { readonly kind: 'torn'; readonly size: number | undefined }
  | { readonly kind: 'corrupt'; readonly reason: string };

export function recordSize(tableBytes: number, payloadBytes: number): number {
  return FIXED_HEADER_BYTES + tableBytes + payloadBytes;
}

function checksum(table: Buffer, payload: Buffer): number {
  return crc32(payload, crc32(table));
}

export function encodeRecord(table: string, payload: Buffer): Buffer {
  const name = Buffer.from(table, 'utf8');
  if (name.length === 0 || name.length > MAX_TABLE_NAME_BYTES) {
    throw new RangeError(`spool table name must be 1..${MAX_TABLE_NAME_BYTES} bytes: "${table}"`);
  }
  if (payload.length > MAX_PAYLOAD_BYTES) {
    throw new RangeError(`spool payload too large: ${payload.length} bytes`);
  }
  const record = Buffer.allocUnsafe(recordSize(name.length, payload.length));
  record.writeUInt16LE(RECORD_MAGIC, 0);
  record.writeUInt32LE(payload.length, 2);
  record.writeUInt32LE(checksum(name, payload), 6);
  record.writeUInt8(name.length, 10);
  name.copy(record, FIXED_HEADER_BYTES);
  payload.copy(record, FIXED_HEADER_BYTES + name.length);
  return record;
}

/** Decodes the record that starts at `offset`; never throws. */
export function decodeRecord(buf: Buffer, offset = 0): DecodeResult {
  const available = buf.length - offset;
  if (available < 2) return { kind: 'torn', size: undefined };
  if (buf.readUInt16LE(offset) !== RECORD_MAGIC) return { kind: 'corrupt', reason: 'bad magic' };
  if (available < FIXED_HEADER_BYTES) return { kind: 'torn', size: undefined };

  const payloadLength = buf.readUInt32LE(offset + 2);
  const expectedCrc = buf.readUInt32LE(offset + 6);
  const tableLength = buf.readUInt8(offset + 10);
  if (tableLength === 0) return { kind: 'corrupt', reason: 'empty table name' };

  const size = recordSize(tableLength, payloadLength);
  if (available < size) return { kind: 'torn', size };

  const tableStart = offset + FIXED_HEADER_BYTES;
  const payloadStart = tableStart + tableLength;
  const name = buf.subarray(tableStart, payloadStart);
  const payload = buf.subarray(payloadStart, offset + size);
  if (checksum(name, payload) !== expectedCrc) return { kind: 'corrupt', reason: 'crc mismatch' };
  return { kind: 'ok', table: name.toString('utf8'), payload, size };
}
