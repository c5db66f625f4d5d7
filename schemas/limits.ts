/**
 * Field-level limits of the v1 contracts. Request-level limits (body size,
 * decompressed size, events per request) are configuration: see config.ts.
 */
export const FIELD_LIMITS = {
  /** event_id, ticket_id, device_id and other identifiers. */
  idMaxChars: 128,
  /** status, priority, queue, model, site and other short labels. */
  labelMaxChars: 256,
  /** Free text such as a satisfaction comment. */
  textMaxChars: 4000,
  attributesMaxEntries: 64,
  attributeKeyMaxChars: 128,
  attributeValueMaxChars: 1024,
  /** Earliest accepted occurred_at: older records are almost always a zeroed clock. */
  earliestTimestamp: '1990-01-01T00:00:00Z',
  /** Latest accepted occurred_at before clock-skew checks; the skew check is tighter. */
  latestTimestamp: '2100-01-01T00:00:00Z',
  /** Uptime above ten years is a broken counter, not a device. */
  uptimeMaxSeconds: 10 * 365 * 86_400,
  /** A boot that takes longer than a day is a broken measurement. */
  bootDurationMaxSeconds: 86_400,
} as const;
