import { z } from 'zod';
import { attributes, identifier, label, text, timestamp } from './common.ts';

export const TICKET_EVENT_TYPES = [
  'created',
  'status_changed',
  'commented',
  'priority_changed',
  'assigned',
  'attributes_changed',
  'satisfaction',
] as const;

export const COMMENT_AUTHOR_ROLES = ['agent', 'customer', 'system'] as const;

export const commentSchema = z.strictObject({
  author_role: z.enum(COMMENT_AUTHOR_ROLES),
  public: z.boolean(),
});

export const satisfactionSchema = z.strictObject({
  score: z.int().min(1, 'must be between 1 and 5').max(5, 'must be between 1 and 5'),
  comment: text.optional(),
});

/** Fields an `attributes_changed` event may carry; at least one is required. */
export const CLASSIFICATION_FIELDS = [
  'queue',
  'channel',
  'category',
  'organization',
  'requester_id',
  'device_id',
  'attributes',
] as const;

const ticketEventObject = z.strictObject({
  event_id: identifier,
  ticket_id: identifier,
  type: z.enum(TICKET_EVENT_TYPES),
  occurred_at: timestamp,
  status: label.optional(),
  priority: label.optional(),
  queue: label.optional(),
  channel: label.optional(),
  category: label.optional(),
  organization: label.optional(),
  requester_id: identifier.optional(),
  assignee: identifier.optional(),
  device_id: identifier.optional(),
  comment: commentSchema.optional(),
  satisfaction: satisfactionSchema.optional(),
  attributes: attributes.optional(),
});

type TicketEventShape = z.infer<typeof ticketEventObject>;

/** The field each event type must carry. */
export const REQUIRED_FIELD_BY_TYPE: Partial<
  Record<(typeof TICKET_EVENT_TYPES)[number], keyof TicketEventShape>
> = {
  status_changed: 'status',
  priority_changed: 'priority',
  assigned: 'assignee',
  commented: 'comment',
  satisfaction: 'satisfaction',
};

/** What each event type must carry, and what it must not. */
function checkTypeRules(event: TicketEventShape, ctx: z.RefinementCtx): void {
  const requireField = (field: keyof TicketEventShape): void => {
    if (event[field] === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: [field],
        message: `is required when type is "${event.type}"`,
      });
    }
  };
  const required = REQUIRED_FIELD_BY_TYPE[event.type];
  if (required !== undefined) requireField(required);
  if (
    event.type === 'attributes_changed' &&
    CLASSIFICATION_FIELDS.every((field) => event[field] === undefined)
  ) {
    ctx.addIssue({
      code: 'custom',
      path: ['type'],
      message: `"attributes_changed" needs at least one of ${CLASSIFICATION_FIELDS.join(', ')}`,
    });
  }
  // A comment on `created` records who opened the ticket (first_response depends on it).
  if (event.comment !== undefined && event.type !== 'commented' && event.type !== 'created') {
    ctx.addIssue({
      code: 'custom',
      path: ['comment'],
      message: 'is only allowed when type is "commented" or "created"',
    });
  }
  if (event.satisfaction !== undefined && event.type !== 'satisfaction') {
    ctx.addIssue({
      code: 'custom',
      path: ['satisfaction'],
      message: 'is only allowed when type is "satisfaction"',
    });
  }
}

/** Ticket lifecycle event, contract v1 (DESIGN.md "Contracts"). */
export const ticketEventSchema = ticketEventObject.superRefine(checkTypeRules);

export type TicketEvent = z.infer<typeof ticketEventSchema>;
export type TicketEventType = (typeof TICKET_EVENT_TYPES)[number];
export type CommentAuthorRole = (typeof COMMENT_AUTHOR_ROLES)[number];
