/**
 * Building blocks shared by triggers and node types (GRAPH.md "Common node fields", "Durations",
 * "People and places"). Well-formedness that a JSON Schema can express (patterns, enums) lives
 * here so the LLM sees it too; rules that need the whole document live in the validator.
 */
import { z } from 'zod';

/** A node id: unique in the whole document. */
export const NodeId = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,63}$/, {
    message: 'must be lower-case letters, digits and underscores, starting with a letter (max 64)',
  })
  .describe('Node id, unique in the document: ^[a-z][a-z0-9_]{0,63}$');

export const DURATION_PATTERN = /^([1-9][0-9]{0,5})(s|m|h|d|w)$/;

/** A duration such as "30s", "15m", "2h", "3d", "1w". */
export const Duration = z
  .string()
  .regex(DURATION_PATTERN, {
    message: 'must be a whole number followed by s, m, h, d or w, such as "30s", "15m", "2h", "3d", "1w"',
  })
  .describe('Duration: a positive whole number and a unit s|m|h|d|w, e.g. "30s", "2h", "3d"');

/** Translatable text shown to people. */
export const Text = z.string().min(1).max(2000);

/** Text with `{{ expression }}` holes, rendered against the run context. */
export const Template = z.string().max(20_000).describe('Template: text with {{ expression }} holes');

/** A CEL expression evaluated against the run context. */
export const Expression = z.string().min(1).max(4096).describe('CEL expression over the run context');

/** Any JSON value; strings inside may be templates. */
export const JsonValue = z.json();

/** A person or place: see graph/reference.ts for the grammar. */
export const Reference = z
  .string()
  .min(1)
  .max(320)
  .describe(
    'Person or place: slack:user/U123, slack:channel/C123, teams:user/<id>, teams:channel/<id>, email:a@b.com, group:<name>, or requester',
  );

export const RetryPolicy = z
  .strictObject({
    maxAttempts: z.int().min(1).max(50).optional().describe('Attempts in all, default 3'),
    initialDelay: Duration.optional().describe('Delay before the second attempt, default "1s"'),
    factor: z.number().min(1).max(10).optional().describe('Delay multiplier per attempt, default 2'),
    maxDelay: Duration.optional().describe('Upper bound of one delay, default "1m"'),
  })
  .describe('Retry policy for steps with side effects');

/** Defaults GRAPH.md gives for `retry`; the schema keeps documents as written. */
export const DEFAULT_RETRY = { maxAttempts: 3, initialDelay: '1s', factor: 2, maxDelay: '1m' } as const;

/** Fields every node has, except `type` and `next`, whose shape depends on the node type. */
export const commonFields = {
  id: NodeId,
  name: Text.optional().describe('Short label shown to people'),
  retry: RetryPolicy.optional(),
  timeout: Duration.optional().describe('Bound for one attempt'),
  onError: NodeId.optional().describe(
    'Node (same graph) to continue at when the step finally fails; the failure is then `error`',
  ),
};

/** `next` for nodes with a single successor: absent means this path ends here. */
export const Next = NodeId.optional().describe('Following node in the same graph; absent ends the path');

export type Json = z.infer<typeof JsonValue>;
export type RetryPolicy = z.infer<typeof RetryPolicy>;
