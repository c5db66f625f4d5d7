/**
 * Response bytes as a Uint8Array, or undefined when the value is not binary. Tagged rather
 * than instanceof checks, which fail for buffers made in another realm (iframe, test DOM).
 */
export function asBytes(data: unknown): Uint8Array | undefined {
  if (ArrayBuffer.isView(data)) {
    return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  }
  const tag = Object.prototype.toString.call(data);
  return tag === '[object ArrayBuffer]' || tag === '[object SharedArrayBuffer]'
    ? new Uint8Array(data as ArrayBufferLike)
    : undefined;
}
