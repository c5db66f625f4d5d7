import { z } from 'zod';
import { identifier, label } from './common.ts';
import { BUILTIN_24X7_ID, slaCalendarSchema } from './sla-calendar.ts';

/** The six status categories every tenant status maps onto (DESIGN.md "Contracts"). */
export const STATUS_CATEGORIES = ['new', 'open', 'pending', 'on_hold', 'solved', 'closed'] as const;
export type StatusCategory = (typeof STATUS_CATEGORIES)[number];

// Named in the message: a policy author sees which word was wrong and what is allowed.
const statusCategory = z.enum(STATUS_CATEGORIES, {
  error: (issue) =>
    `${JSON.stringify(issue.input)} is not a status category (use new, open, pending, on_hold, solved or closed)`,
});

export const SLA_METRICS = ['first_response', 'next_response', 'resolution'] as const;
export type SlaMetric = (typeof SLA_METRICS)[number];

/** Statuses that stop a resolution clock; they can never be pause statuses. */
export const STOPPING_CATEGORIES: readonly StatusCategory[] = ['solved', 'closed'];

const UNIT_SECONDS = { d: 86_400, h: 3_600, m: 60, s: 1 } as const;
const DURATION = /^\s*(?:(\d+)\s*d)?\s*(?:(\d+)\s*h)?\s*(?:(\d+)\s*m)?\s*(?:(\d+)\s*s)?\s*$/;
/** Longest target accepted: a year of business seconds is already absurd. */
export const MAX_TARGET_S = 366 * 86_400;

/**
 * "30m", "4h", "1h30m", "2d 4h", "90s" as seconds; undefined when not a
 * duration. A day is 24 h of *business* time, as in every SLA tool: "1d" on a
 * 9–17 calendar spans three working days.
 */
export function parseDuration(text: string): number | undefined {
  const match = DURATION.exec(text);
  if (match === null) return undefined;
  const parts = match.slice(1) as (string | undefined)[];
  if (parts.every((part) => part === undefined)) return undefined;
  const [d, h, m, s] = parts.map((part) => (part === undefined ? 0 : Number(part)));
  return (
    (d ?? 0) * UNIT_SECONDS.d + (h ?? 0) * UNIT_SECONDS.h + (m ?? 0) * UNIT_SECONDS.m + (s ?? 0)
  );
}

/** A target: a duration string, or whole seconds as a number. */
const duration = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const seconds = typeof value === 'number' ? value : parseDuration(value);
  if (seconds === undefined || !Number.isInteger(seconds) || seconds < 0) {
    ctx.addIssue({
      code: 'custom',
      message: `${JSON.stringify(value)} is not a duration (use e.g. 30m, 4h, 1h30m, 2d or whole seconds)`,
    });
    return z.NEVER;
  }
  if (seconds > MAX_TARGET_S) {
    ctx.addIssue({ code: 'custom', message: `must be at most 366d, got ${JSON.stringify(value)}` });
    return z.NEVER;
  }
  return seconds;
});

/** One value or a list; stored as a list. An empty list would match nothing, which is a typo. */
const oneOrMany = z
  .union([label, z.array(label).min(1, 'must list at least one value').max(1_000)])
  .transform((value) => (typeof value === 'string' ? [value] : value));

export const ruleMatchSchema = z.strictObject({
  priority: oneOrMany.optional(),
  queue: oneOrMany.optional(),
  channel: oneOrMany.optional(),
  organization: oneOrMany.optional(),
  attributes: z.record(label, oneOrMany).optional(),
});

export const ruleTargetsSchema = z.strictObject({
  first_response: duration.optional(),
  next_response: duration.optional(),
  resolution: duration.optional(),
});

export const ON_REOPEN = ['continue', 'restart'] as const;

export const slaRuleSchema = z.strictObject({
  id: identifier,
  /** Omitted or empty: the rule matches every ticket (a catch-all). */
  match: ruleMatchSchema.default({}),
  targets: ruleTargetsSchema,
  calendar: identifier.default(BUILTIN_24X7_ID),
  pause_statuses: z
    .array(statusCategory)
    .max(STATUS_CATEGORIES.length)
    .default(['pending', 'on_hold'])
    .superRefine((statuses, ctx) => {
      statuses.forEach((status, index) => {
        if (STOPPING_CATEGORIES.includes(status)) {
          ctx.addIssue({
            code: 'custom',
            path: [index],
            message: `"${status}" stops the clock and cannot pause it`,
          });
        }
      });
    }),
  warn_pct: z.int('must be a whole percentage').min(1).max(100).default(75),
  on_reopen: z.enum(ON_REOPEN).default('continue'),
});

function checkReferences(policy: z.infer<typeof policyObject>, ctx: z.RefinementCtx): void {
  const calendarIds = new Set<string>([BUILTIN_24X7_ID]);
  policy.calendars.forEach((calendar, index) => {
    if (calendarIds.has(calendar.id)) {
      ctx.addIssue({
        code: 'custom',
        path: ['calendars', index, 'id'],
        message: `calendar "${calendar.id}" is defined twice (or shadows the built-in 24x7)`,
      });
    }
    calendarIds.add(calendar.id);
  });
  const ruleIds = new Set<string>();
  policy.rules.forEach((rule, index) => {
    if (ruleIds.has(rule.id)) {
      ctx.addIssue({
        code: 'custom',
        path: ['rules', index, 'id'],
        message: `rule "${rule.id}" is defined twice`,
      });
    }
    ruleIds.add(rule.id);
    if (!calendarIds.has(rule.calendar)) {
      ctx.addIssue({
        code: 'custom',
        path: ['rules', index, 'calendar'],
        message: `unknown calendar "${rule.calendar}" (define it under calendars, or use 24x7)`,
      });
    }
  });
}

const policyObject = z.strictObject({
  /** Free text shown with the version, e.g. "2026 contract, P1 15 min". */
  description: z.string().max(1_000).optional(),
  calendars: z.array(slaCalendarSchema).max(100).default([]),
  /** Tenant status name → category. Names equal to a category map to it without an entry. */
  status_map: z.record(label, statusCategory).default({}),
  rules: z.array(slaRuleSchema).min(1, 'must have at least one rule').max(500),
});

/** An SLA policy as written in YAML or sent to `PUT /v1/policies` (DESIGN.md "SLA policy"). */
export const slaPolicySchema = policyObject.superRefine(checkReferences);

export type SlaPolicy = z.infer<typeof slaPolicySchema>;
export type SlaPolicyInput = z.input<typeof slaPolicySchema>;
export type SlaRule = z.infer<typeof slaRuleSchema>;
export type RuleMatch = z.infer<typeof ruleMatchSchema>;
export type OnReopen = (typeof ON_REOPEN)[number];
