import { FieldType, type DataFrame } from '@grafana/data';

import { fixtureFrame } from '../shared/testing/panelProps';

/** An sla.attainment_summary answer: P1 missed and overspent, P2 met, P4 without target. */
export function attainmentFrame(): DataFrame {
  return fixtureFrame('sla.attainment_summary', [
    { name: 'priority', type: FieldType.string, values: ['P1', 'P2', 'P4'] },
    { name: 'metric', type: FieldType.string, values: ['resolution', 'resolution', 'resolution'] },
    { name: 'measured', type: FieldType.number, values: [200, 1000, 50] },
    { name: 'met', type: FieldType.number, values: [180, 990, 45] },
    { name: 'breached', type: FieldType.number, values: [20, 10, 5] },
    { name: 'attainment_pct', type: FieldType.number, values: [90, 99, 90], unit: 'percent' },
    { name: 'target_pct', type: FieldType.number, values: [95, 95, null], unit: 'percent' },
    { name: 'budget_breaches_allowed', type: FieldType.number, values: [10, 50, null] },
    { name: 'budget_remaining_pct', type: FieldType.number, values: [-100, 80, null] },
  ]);
}
