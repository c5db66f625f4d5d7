import type { OtlpFormat } from './decode.ts';
import { OTLP } from './proto.ts';
import type { MessageCodec, OtlpSignal } from './proto.ts';

/** What an export left behind: rejected items and why (empty when all went well). */
export interface ExportOutcome {
  rejected: number;
  message: string;
}

function partialSuccess(signal: OtlpSignal, outcome: ExportOutcome): Record<string, unknown> {
  // OTLP: leave partial_success unset on full success; a message alone is a warning.
  if (outcome.rejected === 0 && outcome.message === '') return {};
  const count = signal === 'metrics' ? 'rejectedDataPoints' : 'rejectedLogRecords';
  return { partialSuccess: { [count]: outcome.rejected, errorMessage: outcome.message } };
}

function encoded<T>(
  codec: MessageCodec<T>,
  format: OtlpFormat,
  object: Record<string, unknown>,
): Buffer | string {
  const message = codec.fromObject(object);
  return format === 'protobuf'
    ? Buffer.from(codec.encode(message).finish())
    : JSON.stringify(codec.toObject(message, { longs: String }));
}

/**
 * The Export*ServiceResponse of a request, in the request's encoding: protobuf
 * bytes, or OTLP/JSON (int64 as a decimal string, as proto3 JSON writes it).
 */
export function exportResponse(
  signal: OtlpSignal,
  format: OtlpFormat,
  outcome: ExportOutcome,
): Buffer | string {
  const object = partialSuccess(signal, outcome);
  return signal === 'metrics'
    ? encoded(OTLP.metrics.response, format, object)
    : encoded(OTLP.logs.response, format, object);
}
