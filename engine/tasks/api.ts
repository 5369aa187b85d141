/**
 * Human tasks: the public contract of `approval` and `form` steps for the chat, email and admin
 * surfaces (issue 4). A task is the open request of one approval or form step; people decide
 * (approvals) or submit values (forms) through `TaskService`, and every copy of the request that
 * was posted (chat card, email) is updated through `TaskChannel` when the task changes.
 *
 * Terminology
 * - task: the request of one approval/form step visit; `open` until it has an outcome.
 * - assignee: a person reference that may act on the task (approvers of an approval, assignees
 *   of a form), after group resolution; the membership used is recorded on the task.
 * - decision: one approver's approve/reject with optional comment; at most one per approver.
 * - delegation: an assignee hands their part of the task to another person; both are recorded.
 * - copy: one posted rendering of the task (a Slack message, a Teams card, an email), kept so
 *   that it can be updated when the task closes.
 * - actor: who acts, as a person reference (`slack:user/U1`, `teams:user/…`, `email:ann@x.org`);
 *   the identity mapping (PeopleDirectory.identitiesOf) makes one person's references equal.
 *   References are recorded and compared in canonical form (graph's `canonicalReference`), so
 *   `email:Ann@X.org` and `email:ann@x.org` are the same person; views show that form.
 */
import type { Json } from '../../graph/index.js';

export type TaskKind = 'approval' | 'form';
export type TaskStatus = 'open' | 'closed';
/** approvals: approved | rejected | timed_out | failed; forms: submitted | timed_out | failed; both: cancelled */
export type TaskOutcome = 'approved' | 'rejected' | 'submitted' | 'timed_out' | 'failed' | 'cancelled';
export type Decision = 'approve' | 'reject';
/** Where an action came from, for the audit trail. */
export type TaskChannelName = 'slack' | 'teams' | 'web' | 'email' | 'api' | 'engine';

export interface TaskDecision {
  /** The person reference that decided (the delegate when delegated). */
  by: string;
  /** When `by` decided for someone who delegated to them: that assignee. */
  onBehalfOf: string | null;
  decision: Decision;
  comment: string | null;
  at: string;
  channel: TaskChannelName;
}

export interface TaskFormField {
  key: string;
  label: string;
  type: 'text' | 'number' | 'boolean' | 'date' | 'select';
  options?: string[];
  required: boolean;
}

export interface TaskView {
  id: string;
  tenantId: string;
  kind: TaskKind;
  status: TaskStatus;
  outcome: TaskOutcome | null;
  /** Rendered title and message (templates evaluated when the task opened). */
  title: string;
  message: string;
  /** Approvals: the rendered facts; forms: empty. */
  facts: { label: string; value: string }[];
  /** Forms: the fields to fill; approvals: empty. */
  fields: TaskFormField[];
  /** approval mode (`any`, `all`, `majority`, `quorum`, `sequential`); null for forms. */
  mode: string | null;
  quorum: number | null;
  /** Who may act now (resolved references, delegates included; in `sequential` only the current one). */
  assignees: string[];
  /**
   * Everyone designated, in order, with the group they came from (if any) and delegations.
   * `active` is false for approvers replaced by an escalation (their `escalateTo` are added after them).
   */
  designated: { reference: string; viaGroup: string | null; delegatedTo: string | null; active?: boolean }[];
  decisions: TaskDecision[];
  /** Forms: the submitted values and who submitted them. */
  submission: { values: Record<string, Json>; by: string; at: string } | null;
  requireRejectComment: boolean;
  /** The run's requester (refused as approver unless allowSelfApproval). */
  requester: string | null;
  runId: string;
  workflowId: string;
  workflowName: string;
  stepKey: string;
  nodeId: string;
  /** The document locale, so surfaces can pick a translation. */
  locale: string;
  createdAt: string;
  /** When the timeout passes next (after an escalation, the restarted clock); null without one. */
  dueAt: string | null;
  closedAt: string | null;
  /** Who closed it (the deciding person, or `engine` on timeout/cancel). */
  closedBy: string | null;
}

export interface ListTasksQuery {
  /** A person reference; tasks where it (or another identity of the same person, or a delegator) may act. */
  assignee?: string;
  status?: TaskStatus;
  runId?: string;
  limit?: number;
}

export interface DecideInput {
  by: string;
  decision: Decision;
  comment?: string | null;
  channel: TaskChannelName;
}

export interface DelegateInput {
  by: string;
  to: string;
  channel: TaskChannelName;
}

export interface SubmitInput {
  by: string;
  values: Record<string, Json>;
  channel: TaskChannelName;
}

/**
 * Errors (engine/errors.ts, coded): `TaskNotFoundError` (404), `NotAnAssigneeError` (403:
 * not designated, or the requester without allowSelfApproval), `TaskClosedError` (409; carries
 * the outcome and who closed it), `InvalidTaskInputError` (422: missing reject comment, bad form
 * values — carries the problems).
 */
export interface TaskService {
  listTasks(tenantId: string, query?: ListTasksQuery): Promise<TaskView[]>;
  getTask(tenantId: string, taskId: string): Promise<TaskView>;
  /** Idempotent per person: a second decision by the same person returns the task unchanged. */
  decide(tenantId: string, taskId: string, input: DecideInput): Promise<TaskView>;
  delegate(tenantId: string, taskId: string, input: DelegateInput): Promise<TaskView>;
  submit(tenantId: string, taskId: string, input: SubmitInput): Promise<TaskView>;
}

/** Why a copy of a task is being sent or updated. */
export type TaskNoticeKind = 'opened' | 'reminder' | 'escalated' | 'delegated' | 'updated' | 'closed';

/** A posted copy of a task, as its channel returned it; stored in `task_copies`. */
export interface TaskCopy {
  taskId: string;
  channel: string;
  recipient: string;
  /** Whatever the channel needs to update the copy later (Slack channel + ts, Teams conversation reference + activity id, …). */
  address: Json;
}

/**
 * How a platform shows tasks. Registered on the notifier registry for reference kinds, like
 * `NotifierChannel`. The engine calls these from durable jobs (retried on failure), never inside
 * the decision's transaction.
 */
export interface TaskChannel {
  readonly name: string;
  /** Posts the request (opened / reminder / escalated / delegated) to one person; returns the copy's address, or null when nothing to update later (e.g. a reminder text). */
  postTask(notice: {
    tenantId: string;
    task: TaskView;
    recipient: string;
    kind: TaskNoticeKind;
    idempotencyKey: string;
  }): Promise<Json | null>;
  /** Re-renders a posted copy after the task changed or closed (outcome, who decided; buttons gone when closed). */
  updateTask(copy: TaskCopy & { tenantId: string }, task: TaskView): Promise<void>;
}
