import type { Telemetry } from '../../schemas/telemetry.ts';
import type { BatchBuilder } from '../body/parse-batch.ts';
import type { Validated } from '../body/validate.ts';

/** The OTLP items (data points or log records) behind a record or one of its fields. */
export interface Origin {
  items: number;
  /** `resource 0 (host.name=pc-1) metric system.uptime point 2`, for partial_success. */
  where: string;
}

/** A native telemetry record mapped from OTLP, not yet validated. */
export interface Candidate<R extends Telemetry = Telemetry> {
  record: R;
  /** Every item behind the record. */
  origin: Origin;
  /**
   * Fields that are dropped on their own when invalid (a gauge, an inventory
   * label), with the items behind each: one bad metric must not cost the
   * device its other gauges. Anything else invalid rejects the whole record.
   */
  parts?: Partial<Record<keyof R & string, Origin>>;
}

/** How many partial_success reasons are spelled out; the rest are only counted. */
export const MAX_REASONS = 5;

/** Rejected OTLP items and why, for partial_success. */
export class Rejections {
  count = 0;
  readonly reasons: string[] = [];
  #unlisted = 0;

  /** `items` may be 0: a dropped inventory label is a warning, not a lost item. */
  add(items: number, reason: string): void {
    this.count += items;
    if (this.reasons.length < MAX_REASONS) this.reasons.push(reason);
    else this.#unlisted += 1;
  }

  /** The partial_success error_message; empty when nothing went wrong. */
  message(): string {
    const more = this.#unlisted === 0 ? '' : `; and ${this.#unlisted} more`;
    return this.reasons.join('; ') + more;
  }
}

function reason(where: string, result: { path: string; message: string }): string {
  return `${where}: ${result.path === '' ? '' : `${result.path}: `}${result.message}`;
}

/**
 * Runs one candidate through the native validator and adds its row to the
 * batch. An invalid droppable field is removed (its items rejected) and the
 * rest validated again, so the validator stays the one judge of every value.
 */
function settle(
  candidate: Candidate,
  validate: (value: unknown) => Validated,
  batch: BatchBuilder,
  rejections: Rejections,
): void {
  const record: Record<string, unknown> = { ...candidate.record };
  const parts: Partial<Record<string, Origin>> = { ...candidate.parts };
  let remaining = candidate.origin.items;
  for (;;) {
    const result = validate(record);
    if (result.ok) {
      batch.add(0, result);
      return;
    }
    const field = /^[^.[]*/.exec(result.path)?.[0] ?? '';
    const part = parts[field];
    if (part === undefined || !(field in record)) {
      // Nothing left to lose when every item went with a dropped field.
      if (remaining > 0) rejections.add(remaining, reason(candidate.origin.where, result));
      return;
    }
    Reflect.deleteProperty(record, field);
    Reflect.deleteProperty(parts, field);
    remaining -= part.items;
    rejections.add(part.items, reason(part.where, result));
  }
}

/** Validates every candidate into `batch`; returns how many records were accepted. */
export function settleAll(
  candidates: Iterable<Candidate>,
  validate: (value: unknown) => Validated,
  batch: BatchBuilder,
  rejections: Rejections,
): number {
  const before = batch.accepted;
  for (const candidate of candidates) {
    batch.count();
    settle(candidate, validate, batch, rejections);
  }
  return batch.accepted - before;
}
