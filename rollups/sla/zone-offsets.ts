import { IANAZone } from 'luxon';

/** Anything that tells a zone's UTC offset (minutes) at an instant: luxon's zones do. */
export interface OffsetSource {
  offset(instantMs: number): number;
}

const SCAN_FROM_MS = Date.UTC(1989, 0, 1);
const SCAN_TO_MS = Date.UTC(2101, 0, 1);
// Offsets are sampled this far apart and every change is then pinned down by
// bisection. Two changes that cancel within one step would be missed; no zone
// in the tz database does that between 1989 and 2101 (the shortest DST
// periods last weeks).
const STEP_MS = 3.5 * 86_400_000;

/**
 * A zone's offsets as a table of transitions, built once per zone and process
 * from luxon (which asks Intl, ~15 µs a call): a lookup is then a binary
 * search. Expanding a calendar over 110 years asks for ~80k offsets.
 */
export class ZoneOffsets implements OffsetSource {
  static readonly #byName = new Map<string, ZoneOffsets>();
  readonly #zone: IANAZone;
  /** Instants where the offset changes, ascending, and the offset from each. */
  readonly #at: number[] = [];
  readonly #offsets: number[] = [];

  private constructor(zone: IANAZone) {
    this.#zone = zone;
    let previous = zone.offset(SCAN_FROM_MS);
    this.#at.push(SCAN_FROM_MS);
    this.#offsets.push(previous);
    for (let t = SCAN_FROM_MS + STEP_MS; t < SCAN_TO_MS + STEP_MS; t += STEP_MS) {
      const current = zone.offset(t);
      if (current !== previous) {
        this.#at.push(this.#firstChange(t - STEP_MS, t, previous));
        this.#offsets.push(current);
        previous = current;
      }
    }
  }

  static of(name: string): ZoneOffsets {
    let offsets = ZoneOffsets.#byName.get(name);
    if (offsets === undefined) {
      offsets = new ZoneOffsets(IANAZone.create(name));
      ZoneOffsets.#byName.set(name, offsets);
    }
    return offsets;
  }

  offset(instantMs: number): number {
    if (!(instantMs >= SCAN_FROM_MS && instantMs < SCAN_TO_MS)) return this.#zone.offset(instantMs);
    let lo = 0;
    let hi = this.#at.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if ((this.#at[mid] ?? Number.POSITIVE_INFINITY) <= instantMs) lo = mid;
      else hi = mid - 1;
    }
    return this.#offsets[lo] ?? this.#zone.offset(instantMs);
  }

  /** The first millisecond in (lo, hi] whose offset differs from `before`. */
  #firstChange(lo: number, hi: number, before: number): number {
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (this.#zone.offset(mid) === before) lo = mid;
      else hi = mid;
    }
    return hi;
  }
}
