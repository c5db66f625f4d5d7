const START = 'deskpulse-breachrisk-render-start';
const RENDERED = 'deskpulse-breachrisk-rendered';
const MEASURE = 'deskpulse-breachrisk-render';

function userTiming(): Performance | undefined {
  return typeof performance !== 'undefined' && typeof performance.mark === 'function'
    ? performance
    : undefined;
}

/** Called when a new data set starts rendering. */
export function markRenderStart(): void {
  const timing = userTiming();
  timing?.clearMarks(START);
  timing?.mark(START);
}

/**
 * Called once the data set's first render is committed: the e2e test and
 * benchmarks read the `deskpulse-breachrisk-render` measure.
 */
export function markRendered(): void {
  const timing = userTiming();
  if (timing === undefined || timing.getEntriesByName(START, 'mark').length === 0) return;
  timing.clearMarks(RENDERED);
  timing.mark(RENDERED);
  timing.measure(MEASURE, START, RENDERED);
}

export const RENDER_MEASURE = MEASURE;
