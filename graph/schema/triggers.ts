import { z } from 'zod';
import { Expression, Text } from './common.js';

/** Names of published events; `wait.event.name` uses the same grammar so the two can match. */
export const EventName = z
  .string()
  .regex(/^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$/, {
    message: 'must be a dotted lower-case name such as "invoice.created"',
  })
  .max(128);

export const INPUT_TYPES = ['string', 'number', 'boolean', 'date', 'email', 'person'] as const;

export const ManualInput = z.strictObject({
  key: z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]{0,63}$/, {
    message: 'must start with a letter and contain only letters, digits and underscores',
  }),
  label: Text,
  type: z.enum(INPUT_TYPES),
  required: z.boolean().optional().describe('Default false'),
});

export const ManualTrigger = z
  .strictObject({
    type: z.literal('manual'),
    inputs: z.array(ManualInput).max(50).optional(),
  })
  .describe('Started by someone from chat, the web view, the API or the CLI');

export const WebhookTrigger = z
  .strictObject({ type: z.literal('webhook') })
  .describe('Started by a signed POST to the workflow webhook URL; the JSON body is `trigger`');

export const ScheduleTrigger = z
  .strictObject({
    type: z.literal('schedule'),
    cron: z.string().min(9).max(120).describe('Cron expression with 5 fields: minute hour day month weekday'),
    timezone: z.string().min(1).max(64).describe('IANA time zone such as Europe/Paris or UTC'),
  })
  .describe('Started when the schedule fires');

export const EventTrigger = z
  .strictObject({
    type: z.literal('event'),
    event: EventName,
    filter: Expression.optional().describe('Only start when true; sees the event payload as `trigger`'),
  })
  .describe('Started when an event with this name is published for the tenant');

export const Trigger = z.discriminatedUnion('type', [
  ManualTrigger,
  WebhookTrigger,
  ScheduleTrigger,
  EventTrigger,
]);

export type Trigger = z.infer<typeof Trigger>;
export type TriggerType = Trigger['type'];
export type ManualInput = z.infer<typeof ManualInput>;
