/**
 * Every problem code the validator reports, with its severity and one-line meaning. Codes are
 * stable: the planner's repair loop, tests and people's notes key on them, so a code is never
 * renamed or reused for something else; new rules get new codes.
 *
 * Errors block activation; warnings are shown but do not block.
 */

export type Severity = 'error' | 'warning';

interface CodeInfo {
  readonly severity: Severity;
  readonly meaning: string;
}

export const PROBLEM_CODES = {
  // Shape (the zod schema).
  'schema.type': {
    severity: 'error',
    meaning: 'A value has the wrong JSON type (e.g. a string where a list is expected).',
  },
  'schema.required': { severity: 'error', meaning: 'A required field is missing.' },
  'schema.unknown_field': { severity: 'error', meaning: 'A field that this object does not have.' },
  'schema.unknown_node_type': {
    severity: 'error',
    meaning: 'A node `type` that is not one of the node types.',
  },
  'schema.invalid_value': {
    severity: 'error',
    meaning: 'A value outside what the field allows (enum, pattern, length, range).',
  },
  'schema.too_complex': {
    severity: 'error',
    meaning: 'The input could not be read as a document at all (too deep or self-referencing).',
  },
  'validator.internal': {
    severity: 'error',
    meaning: 'A check failed on this input: a validator bug, to be reported.',
  },

  // Ids and edges.
  'id.duplicate': {
    severity: 'error',
    meaning: 'Two nodes share an id; ids are unique across the whole document.',
  },
  'edge.unknown_target': {
    severity: 'error',
    meaning: 'An edge (next, default, case, outcome, onError, onTimeout) names no node.',
  },
  'edge.cross_graph': {
    severity: 'error',
    meaning: 'An edge names a node of another graph; edges never leave their graph.',
  },

  // Graph structure.
  'graph.empty': {
    severity: 'error',
    meaning: 'A graph (the document, a parallel branch or a loop body) has no nodes.',
  },
  'graph.unreachable': {
    severity: 'error',
    meaning: 'No path from the graph’s first node leads to this node.',
  },
  'graph.cycle_without_exit': {
    severity: 'error',
    meaning: 'A cycle of nodes from which no path leaves or ends.',
  },

  // Expressions and templates.
  'expression.syntax': { severity: 'error', meaning: 'An expression or template hole does not parse.' },
  'expression.unknown_variable': {
    severity: 'error',
    meaning: 'An expression reads a variable that does not exist where it is used.',
  },
  'expression.unknown_step': { severity: 'error', meaning: '`steps.<id>` names no node of the document.' },
  'expression.step_not_before': {
    severity: 'warning',
    meaning: '`steps.<id>` reads a step that cannot have run before this point.',
  },
  'expression.step_inside_loop': {
    severity: 'warning',
    meaning: '`steps.<id>` reads, from outside a loop, a step of the loop’s body.',
  },
  'expression.error_outside_handler': {
    severity: 'warning',
    meaning: '`error` is read where no onError jump can have led.',
  },

  // Well-formed values.
  'duration.invalid': {
    severity: 'error',
    meaning: 'A duration is not a whole number and a unit s, m, h, d or w.',
  },
  'cron.invalid': { severity: 'error', meaning: 'The schedule is not a 5-field cron expression.' },
  'cron.never_fires': {
    severity: 'warning',
    meaning: 'The cron expression names only days that do not exist (e.g. 30 February).',
  },
  'timezone.invalid': { severity: 'error', meaning: 'The time zone is not an IANA time zone name.' },
  'timezone.alias': {
    severity: 'warning',
    meaning: 'The time zone is an old IANA alias; a canonical name is clearer.',
  },
  'reference.invalid': {
    severity: 'error',
    meaning: 'A person or place reference is not one of the reference forms.',
  },
  'reference.not_person': {
    severity: 'error',
    meaning: 'A channel is given where people must act (approvers, assignees).',
  },
  'credential.invalid': {
    severity: 'error',
    meaning: 'A credential name is not lower-case letters, digits, "_" and "-".',
  },
  'url.invalid': {
    severity: 'error',
    meaning: 'An HTTP URL is not an absolute http(s) URL (or a template giving one).',
  },
  'url.credentials': {
    severity: 'warning',
    meaning: 'A URL carries a user name or password; use auth.credential.',
  },

  // Triggers.
  'trigger.duplicate_input': { severity: 'error', meaning: 'Two manual inputs share a key.' },

  // Per node type.
  'approval.quorum_required': { severity: 'error', meaning: 'Mode "quorum" without `quorum`.' },
  'approval.quorum_without_mode': {
    severity: 'error',
    meaning: '`quorum` given while mode is not "quorum".',
  },
  'approval.quorum_too_large': {
    severity: 'error',
    meaning: '`quorum` is larger than the number of approvers.',
  },
  'approval.escalate_without_target': {
    severity: 'error',
    meaning: 'onTimeout "escalate" without `escalateTo`.',
  },
  'approval.escalate_unused': {
    severity: 'warning',
    meaning: '`escalateTo` given while onTimeout is not "escalate".',
  },
  'approval.timeout_required': {
    severity: 'error',
    meaning: '`onTimeout` or `next.timed_out` without `timeout`.',
  },
  'approval.timed_out_unused': {
    severity: 'warning',
    meaning: '`next.timed_out` is never taken because `onTimeout` decides.',
  },
  'approval.duplicate_approver': { severity: 'warning', meaning: 'The same approver is listed twice.' },
  'approval.reminder_after_timeout': {
    severity: 'warning',
    meaning: 'The first reminder would come after the timeout.',
  },
  'form.options_required': { severity: 'error', meaning: 'A select field without `options`.' },
  'form.options_unexpected': {
    severity: 'error',
    meaning: '`options` on a field whose type is not "select".',
  },
  'form.duplicate_key': { severity: 'error', meaning: 'Two form fields share a key.' },
  'form.duplicate_option': { severity: 'warning', meaning: 'A select field lists the same option twice.' },
  'decision.duplicate_case': {
    severity: 'warning',
    meaning: 'Two cases have the same condition; the later one is never taken.',
  },
  'wait.mode_required': { severity: 'error', meaning: 'A wait has none of `for`, `until`, `event`.' },
  'wait.mode_conflict': {
    severity: 'error',
    meaning: 'A wait has more than one of `for`, `until`, `event`.',
  },
  'wait.on_timeout_without_timeout': {
    severity: 'error',
    meaning: '`onTimeout` on a wait without `event.timeout`.',
  },
  'llm.schema_without_json': {
    severity: 'error',
    meaning: '`schema` on an llm step whose output is not "json".',
  },
  'loop.binding_shadows': { severity: 'error', meaning: 'The loop’s `as` name hides a context variable.' },
  'loop.concurrency_above_max_items': {
    severity: 'warning',
    meaning: '`concurrency` is larger than `maxItems`, so part of it is never used.',
  },
  'parallel.single_branch': {
    severity: 'warning',
    meaning: 'A parallel step with one branch runs nothing in parallel.',
  },
  'record.key_required': {
    severity: 'error',
    meaning: 'A record update, upsert, delete or get without `key`.',
  },
  'record.data_required': { severity: 'error', meaning: 'A record create, update or upsert without `data`.' },
  'record.where_unexpected': {
    severity: 'error',
    meaning: '`where` on a record operation other than "query".',
  },
  'record.data_unused': {
    severity: 'warning',
    meaning: '`data` on a record get, delete or query, which ignore it.',
  },
  'http.body_unused': { severity: 'warning', meaning: 'A body on a GET or HEAD request, which is not sent.' },
  'http.secret_in_header': {
    severity: 'warning',
    meaning: 'A literal secret in an auth header; use auth.credential.',
  },
  'transform.empty': { severity: 'warning', meaning: 'A transform that sets no variables.' },
  'retry.no_side_effects': {
    severity: 'warning',
    meaning: '`retry` on a node type without side effects, where it has no effect.',
  },
  'retry.delay_order': {
    severity: 'warning',
    meaning: '`retry.initialDelay` is longer than `retry.maxDelay`.',
  },
} as const satisfies Record<string, CodeInfo>;

export type ProblemCode = keyof typeof PROBLEM_CODES;

export function severityOf(code: ProblemCode): Severity {
  return PROBLEM_CODES[code].severity;
}
