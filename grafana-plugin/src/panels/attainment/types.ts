export interface AttainmentOptions {
  /** Shown above the bars; empty = the metric named by the data. */
  metricLabel: string;
  /** Show the error-budget bar and breaches allowed vs used. */
  showBudget: boolean;
  /** Where the attainment bar starts (%), to magnify the 90–100 % region. */
  scaleMin: number;
}

export const defaultAttainmentOptions: AttainmentOptions = {
  metricLabel: '',
  showBudget: true,
  scaleMin: 0,
};
