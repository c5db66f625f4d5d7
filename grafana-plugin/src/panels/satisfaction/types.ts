export interface SatisfactionOptions {
  /** Bars of responses per score 1–5 (needs the sla.satisfaction_distribution query). */
  showDistribution: boolean;
  /** First-contact resolution and reopen rates under the score. */
  showResolution: boolean;
}

export const defaultSatisfactionOptions: SatisfactionOptions = {
  showDistribution: true,
  showResolution: false,
};
