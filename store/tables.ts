/** The raw tables the ingest path writes to, in the Deskpulse database. */
export const RAW_TABLES = ['ticket_events', 'endpoint_samples', 'endpoint_events'] as const;

export type RawTable = (typeof RAW_TABLES)[number];

export function isRawTable(value: string): value is RawTable {
  return (RAW_TABLES as readonly string[]).includes(value);
}
