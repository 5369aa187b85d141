/** SQL on `human_tasks`, `task_decisions`, `task_delegations` and `task_copies` (0006_human_tasks.sql). */
import type { Json } from '../../graph/index.js';
import type { TenantTx } from '../../store/index.js';
import type { Decision, TaskFormField, TaskKind, TaskOutcome, TaskStatus } from '../tasks/api.js';

/** One designated person: as referenced (after group resolution), the group they came from, the escalation round. */
export interface Designee {
  reference: string;
  viaGroup: string | null;
  /** 0: the node's approvers/assignees; n: the n-th escalation's `escalateTo`. */
  round: number;
}

export interface TaskRow {
  id: string;
  tenant_id: string;
  run_id: string;
  step_key: string;
  node_id: string;
  kind: TaskKind;
  status: TaskStatus;
  outcome: TaskOutcome | null;
  title: string;
  message: string;
  facts: { label: string; value: string }[];
  fields: TaskFormField[];
  locale: string;
  mode: string | null;
  quorum: number | null;
  designated: Designee[];
  position: number;
  require_reject_comment: boolean;
  allow_self_approval: boolean;
  requester: string | null;
  due_at: Date | null;
  reminders_sent: number;
  round_started_at: Date;
  escalations: number;
  created_at: Date;
  closed_at: Date | null;
  closed_by: string | null;
  submission: { values: Record<string, Json>; by: string; at: string } | null;
  /** Joined from the run. */
  workflow_id: string;
  workflow_name: string;
}

export interface DecisionRow {
  task_id: string;
  /** The designated reference the decision counts for. */
  person: string;
  by: string;
  on_behalf_of: string | null;
  decision: Decision;
  comment: string | null;
  at: Date;
  channel: string;
}

export interface DelegationRow {
  id: string;
  task_id: string;
  from_reference: string;
  to_reference: string;
  by: string;
  at: Date;
  channel: string;
}

export interface CopyRow {
  task_id: string;
  channel: string;
  recipient: string;
  address: Json;
  idempotency_key: string;
}

export interface NewTask {
  runId: string;
  stepKey: string;
  nodeId: string;
  kind: TaskKind;
  title: string;
  message: string;
  facts: { label: string; value: string }[];
  fields: TaskFormField[];
  locale: string;
  mode: string | null;
  quorum: number | null;
  designated: Designee[];
  requireRejectComment: boolean;
  allowSelfApproval: boolean;
  requester: string | null;
  dueAt: Date | null;
  now: Date;
}

const SELECT_TASK = `SELECT t.*, r.workflow_id, w.name AS workflow_name
  FROM human_tasks t JOIN runs r ON r.id = t.run_id JOIN workflows w ON w.id = r.workflow_id`;

export async function insertTask(tx: TenantTx, task: NewTask): Promise<string> {
  const { rows } = await tx.query<{ id: string }>(
    `INSERT INTO human_tasks (run_id, step_key, node_id, kind, status, title, message, facts, fields, locale,
                              mode, quorum, designated, require_reject_comment, allow_self_approval,
                              requester, due_at, round_started_at, created_at)
     VALUES ($1, $2, $3, $4, 'open', $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $17)
     RETURNING id`,
    [
      task.runId,
      task.stepKey,
      task.nodeId,
      task.kind,
      task.title,
      task.message,
      JSON.stringify(task.facts),
      JSON.stringify(task.fields),
      task.locale,
      task.mode,
      task.quorum,
      JSON.stringify(task.designated),
      task.requireRejectComment,
      task.allowSelfApproval,
      task.requester,
      task.dueAt,
      task.now,
    ],
  );
  return rows[0]!.id;
}

/** The task, locked against concurrent deciding when `lock` is set. */
export async function selectTask(tx: TenantTx, taskId: string, lock = false): Promise<TaskRow | undefined> {
  const { rows } = await tx.query<TaskRow>(
    `${SELECT_TASK} WHERE t.id = $1${lock ? ' FOR UPDATE OF t' : ''}`,
    [taskId],
  );
  return rows[0];
}

/** The open task of a step (at most one), locked when `lock` is set. */
export async function selectOpenTaskOfStep(
  tx: TenantTx,
  runId: string,
  stepKey: string,
  lock = false,
): Promise<TaskRow | undefined> {
  const { rows } = await tx.query<TaskRow>(
    `${SELECT_TASK} WHERE t.run_id = $1 AND t.step_key = $2 AND t.status = 'open'${lock ? ' FOR UPDATE OF t' : ''}`,
    [runId, stepKey],
  );
  return rows[0];
}

/**
 * Tasks by status and run, newest first; with `references`, only those where one of them is
 * designated or was delegated to (the caller narrows to who may act now).
 */
export async function selectTasks(
  tx: TenantTx,
  filter: { status?: TaskStatus; runId?: string; references?: string[]; limit: number },
): Promise<TaskRow[]> {
  const { rows } = await tx.query<TaskRow>(
    `${SELECT_TASK}
      WHERE ($1::text IS NULL OR t.status = $1)
        AND ($2::uuid IS NULL OR t.run_id = $2)
        AND ($3::text[] IS NULL
             OR EXISTS (SELECT 1 FROM jsonb_array_elements(t.designated) d WHERE d ->> 'reference' = ANY($3))
             OR EXISTS (SELECT 1 FROM task_delegations g WHERE g.task_id = t.id AND g.to_reference = ANY($3)))
      ORDER BY t.created_at DESC, t.id
      LIMIT $4`,
    [filter.status ?? null, filter.runId ?? null, filter.references ?? null, filter.limit],
  );
  return rows;
}

export async function selectDecisions(tx: TenantTx, taskIds: string[]): Promise<DecisionRow[]> {
  const { rows } = await tx.query<DecisionRow>(
    `SELECT task_id, person, by, on_behalf_of, decision, comment, at, channel FROM task_decisions
      WHERE task_id = ANY($1) ORDER BY id`,
    [taskIds],
  );
  return rows;
}

/** Records decisions; one per (task, person): a second one for the same person is ignored. */
export async function insertDecisions(
  tx: TenantTx,
  taskId: string,
  decisions: Omit<DecisionRow, 'task_id'>[],
): Promise<void> {
  if (decisions.length === 0) return;
  await tx.query(
    `INSERT INTO task_decisions (task_id, person, by, on_behalf_of, decision, comment, at, channel)
     SELECT $1, d.person, d.by, d.on_behalf_of, d.decision, d.comment, d.at, d.channel
       FROM jsonb_to_recordset($2::jsonb)
         AS d(person text, by text, on_behalf_of text, decision text, comment text, at timestamptz, channel text)
     ON CONFLICT (task_id, person) DO NOTHING`,
    [taskId, JSON.stringify(decisions)],
  );
}

export async function selectDelegations(tx: TenantTx, taskIds: string[]): Promise<DelegationRow[]> {
  const { rows } = await tx.query<DelegationRow>(
    `SELECT id::text AS id, task_id, from_reference, to_reference, by, at, channel FROM task_delegations
      WHERE task_id = ANY($1) ORDER BY id`,
    [taskIds],
  );
  return rows;
}

/** Records delegations; returns the id of the last one. */
export async function insertDelegations(
  tx: TenantTx,
  taskId: string,
  delegations: { from: string; to: string; by: string; at: Date; channel: string }[],
): Promise<string> {
  const { rows } = await tx.query<{ id: string }>(
    `INSERT INTO task_delegations (task_id, from_reference, to_reference, by, at, channel)
     SELECT $1, d.from, d.to, d.by, d.at, d.channel
       FROM jsonb_to_recordset($2::jsonb) AS d("from" text, "to" text, by text, at timestamptz, channel text)
     RETURNING id::text AS id`,
    [taskId, JSON.stringify(delegations)],
  );
  return rows.at(-1)!.id;
}

export async function closeTaskRow(
  tx: TenantTx,
  taskId: string,
  close: { outcome: TaskOutcome; by: string; at: Date; submission?: TaskRow['submission'] },
): Promise<void> {
  await tx.query(
    `UPDATE human_tasks SET status = 'closed', outcome = $2, closed_by = $3, closed_at = $4,
            submission = coalesce($5::jsonb, submission)
      WHERE id = $1`,
    [taskId, close.outcome, close.by, close.at, close.submission ? JSON.stringify(close.submission) : null],
  );
}

/** Sequential approvals: whose turn it is. */
export async function updateTaskPosition(tx: TenantTx, taskId: string, position: number): Promise<void> {
  await tx.query(`UPDATE human_tasks SET position = $2 WHERE id = $1`, [taskId, position]);
}

export async function updateTaskReminders(
  tx: TenantTx,
  taskId: string,
  remindersSent: number,
): Promise<void> {
  await tx.query(`UPDATE human_tasks SET reminders_sent = $2 WHERE id = $1`, [taskId, remindersSent]);
}

/** A new escalation round: who is designated, the restarted clock. */
export async function escalateTaskRow(
  tx: TenantTx,
  taskId: string,
  escalation: { designated: Designee[]; escalations: number; dueAt: Date | null; now: Date },
): Promise<void> {
  await tx.query(
    `UPDATE human_tasks SET designated = $2, escalations = $3, due_at = $4, round_started_at = $5,
            position = 0, reminders_sent = 0
      WHERE id = $1`,
    [taskId, JSON.stringify(escalation.designated), escalation.escalations, escalation.dueAt, escalation.now],
  );
}

/** Stores a posted copy once per idempotency key. */
export async function insertCopy(tx: TenantTx, copy: CopyRow): Promise<void> {
  await tx.query(
    `INSERT INTO task_copies (task_id, channel, recipient, address, idempotency_key) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (tenant_id, idempotency_key) DO NOTHING`,
    [copy.task_id, copy.channel, copy.recipient, JSON.stringify(copy.address), copy.idempotency_key],
  );
}

export async function selectCopies(tx: TenantTx, taskId: string): Promise<CopyRow[]> {
  const { rows } = await tx.query<CopyRow>(
    `SELECT task_id, channel, recipient, address, idempotency_key FROM task_copies WHERE task_id = $1 ORDER BY id`,
    [taskId],
  );
  return rows;
}
