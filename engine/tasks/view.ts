/**
 * A task as stored (row, decisions, delegations) and what follows from it without I/O: who is
 * designated now, who acts for whom, who may act now, and the public `TaskView`.
 */
import type { TenantTx } from '../../store/index.js';
import {
  type DecisionRow,
  type DelegationRow,
  type Designee,
  selectDecisions,
  selectDelegations,
  type TaskRow,
} from '../sql/tasks.js';
import type { TaskView } from './api.js';

export interface TaskRecord {
  row: TaskRow;
  decisions: DecisionRow[];
  delegations: DelegationRow[];
}

/** Loads decisions and delegations of the tasks. */
export async function recordsOf(tx: TenantTx, rows: TaskRow[]): Promise<TaskRecord[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [decisions, delegations] = [await selectDecisions(tx, ids), await selectDelegations(tx, ids)];
  return rows.map((row) => ({
    row,
    decisions: decisions.filter((d) => d.task_id === row.id),
    delegations: delegations.filter((d) => d.task_id === row.id),
  }));
}

/** The designated people of the current round (the last escalation's, else the node's), in order. */
export function currentRound(row: TaskRow): Designee[] {
  return row.designated.filter((d) => d.round === row.escalations);
}

/** Who acts for a designated reference: their latest delegate, else themself. */
export function actorFor(record: TaskRecord, part: string): string {
  let actor = part;
  for (const d of record.delegations) if (d.from_reference === part) actor = d.to_reference;
  return actor;
}

export function hasDecided(record: TaskRecord, part: string): boolean {
  return record.decisions.some((d) => d.person === part);
}

/**
 * The parts (designated references of the current round) that can still be acted on: those
 * without a decision, and in `sequential` only the one whose turn it is. Empty when closed.
 */
export function openParts(record: TaskRecord): string[] {
  if (record.row.status !== 'open') return [];
  const round = currentRound(record.row).map((d) => d.reference);
  if (record.row.mode === 'sequential') {
    const current = round[record.row.position];
    return current === undefined || hasDecided(record, current) ? [] : [current];
  }
  return round.filter((part) => !hasDecided(record, part));
}

export function viewOf(record: TaskRecord): TaskView {
  const { row } = record;
  return {
    id: row.id,
    tenantId: row.tenant_id,
    kind: row.kind,
    status: row.status,
    outcome: row.outcome,
    title: row.title,
    message: row.message,
    facts: row.facts,
    fields: row.fields,
    mode: row.mode,
    quorum: row.quorum,
    assignees: [...new Set(openParts(record).map((part) => actorFor(record, part)))],
    designated: row.designated.map((d) => {
      const actor = actorFor(record, d.reference);
      return {
        reference: d.reference,
        viaGroup: d.viaGroup,
        delegatedTo: actor === d.reference ? null : actor,
        active: d.round === row.escalations,
      };
    }),
    decisions: record.decisions.map((d) => ({
      by: d.by,
      onBehalfOf: d.on_behalf_of,
      decision: d.decision,
      comment: d.comment,
      at: d.at.toISOString(),
      channel: d.channel as TaskView['decisions'][number]['channel'],
    })),
    submission: row.submission,
    requireRejectComment: row.require_reject_comment,
    requester: row.requester,
    runId: row.run_id,
    workflowId: row.workflow_id,
    workflowName: row.workflow_name,
    stepKey: row.step_key,
    nodeId: row.node_id,
    locale: row.locale,
    createdAt: row.created_at.toISOString(),
    dueAt: row.due_at?.toISOString() ?? null,
    closedAt: row.closed_at?.toISOString() ?? null,
    closedBy: row.closed_by,
  };
}
