import { FieldType, type DataFrame } from '@grafana/data';

import { fixtureFrame } from '../shared/testing/panelProps';

/** reliability.scores by site: three scored sites and one below the minimum population. */
export function scoresFrame(): DataFrame {
  return fixtureFrame('reliability.scores', [
    { name: 'site', type: FieldType.string, values: ['site-b', 'site-a', 'site-c', 'site-d'] },
    { name: 'score', type: FieldType.number, values: [82.5, 40, null, 95] },
    {
      name: 'reason',
      type: FieldType.string,
      values: [null, null, 'fewer than 20 devices', null],
    },
    { name: 'devices', type: FieldType.number, values: [120, 300, 4, 80] },
    { name: 'usage_hours', type: FieldType.number, values: [21_000, 50_000, 300, 15_000] },
    { name: 'app_failures_per_1000h', type: FieldType.number, values: [1.2, 9.5, null, 0.4] },
    { name: 'boot_p95_s', type: FieldType.number, values: [41, 95, null, 33], unit: 's' },
  ]);
}
