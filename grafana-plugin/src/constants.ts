/** Ids and the bundled dashboards, as src/plugin.json and src/dashboards/*.json declare them. */
export const APP_ID = 'deskpulse-sla-app';
export const DATASOURCE_TYPE = 'deskpulse-sla-datasource';
/** The uid the provisioned data source has and the bundled dashboards reference. */
export const DATASOURCE_UID = 'deskpulse';

export interface BundledDashboard {
  uid: string;
  title: string;
  /** Path inside the plugin, as listed in plugin.json includes. */
  path: string;
  description: string;
}

export const DASHBOARDS: readonly BundledDashboard[] = [
  {
    uid: 'deskpulse-sla-live',
    title: 'SLA live',
    path: 'dashboards/sla-live.json',
    description:
      'Attainment against target with the error budget, running clocks, breach risk with countdowns, response times, backlog and satisfaction. Refreshes every 5 seconds.',
  },
  {
    uid: 'deskpulse-endpoint-reliability',
    title: 'Endpoint reliability',
    path: 'dashboards/endpoint-reliability.json',
    description:
      'Fleet reliability scores by site and model, the worst devices and apps, crash and boot trends, tickets per device.',
  },
  {
    uid: 'deskpulse-weekly-review',
    title: 'Weekly review',
    path: 'dashboards/weekly-review.json',
    description:
      'Last full week: attainment, breaches per day, satisfaction, SLO status and the least reliable devices and models.',
  },
];
