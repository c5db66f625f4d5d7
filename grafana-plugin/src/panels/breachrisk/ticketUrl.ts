import type { Clock } from './clocks';

const SCHEME = /^([a-z][a-z0-9+.-]*):/i;

function fieldsOf(clock: Clock): Record<string, string> {
  return {
    ticket_id: clock.ticketId,
    metric: clock.metric,
    cycle: clock.cycle === null ? '' : String(clock.cycle),
    state: clock.state,
    priority: clock.priority,
    queue: clock.queue,
    rule_id: clock.ruleId,
  };
}

/**
 * The ticket's link from a template such as
 * `https://desk.example.com/tickets/${ticket_id}`: row fields are URL-encoded
 * into `${name}` first (they win over dashboard variables of the same name),
 * then `interpolate` (Grafana's replaceVariables) fills the rest. Null when
 * the template is empty or would yield a non-http(s) absolute URL.
 */
export function ticketLink(
  template: string,
  clock: Clock,
  interpolate: (value: string) => string = (value) => value,
): string | null {
  if (template.trim() === '') return null;
  const fields = fieldsOf(clock);
  const withFields = template.trim().replace(/\$\{(\w+)\}/g, (whole, name: string) =>
    // encodeURIComponent also escapes `$`, so a value never reads as a variable later.
    Object.hasOwn(fields, name) ? encodeURIComponent(fields[name] ?? '') : whole,
  );
  const url = interpolate(withFields);
  const scheme = SCHEME.exec(url)?.[1]?.toLowerCase();
  return scheme === undefined || scheme === 'http' || scheme === 'https' ? url : null;
}
