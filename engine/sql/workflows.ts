/** SQL on `workflows` and `workflow_versions`. */

import type { WorkflowDocument } from '../../graph/index.js';
import type { TenantTx } from '../../store/index.js';

export interface WorkflowRow {
  id: string;
  tenant_id: string;
  name: string;
  trigger_type: WorkflowDocument['trigger']['type'];
  latest_version: number;
  active_version: number | null;
  webhook_secret: string | null;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
}

export interface VersionRow {
  workflow_id: string;
  version: number;
  document: WorkflowDocument;
  created_by: string | null;
  created_at: Date;
}

function eventNameOf(document: WorkflowDocument): string | null {
  return document.trigger.type === 'event' ? document.trigger.event : null;
}

export async function insertWorkflow(
  tx: TenantTx,
  document: WorkflowDocument,
  createdBy: string | null,
  now: Date,
): Promise<WorkflowRow> {
  const { rows } = await tx.query<WorkflowRow>(
    `INSERT INTO workflows (name, trigger_type, created_by, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $4) RETURNING *`,
    [document.name, document.trigger.type, createdBy, now],
  );
  const workflow = rows[0] as WorkflowRow;
  await insertVersion(tx, workflow.id, 1, document, createdBy, now);
  return workflow;
}

export async function insertVersion(
  tx: TenantTx,
  workflowId: string,
  version: number,
  document: WorkflowDocument,
  createdBy: string | null,
  now: Date,
): Promise<void> {
  await tx.query(
    `INSERT INTO workflow_versions (workflow_id, version, document, event_name, created_by, created_at)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [workflowId, version, JSON.stringify(document), eventNameOf(document), createdBy, now],
  );
}

export async function selectWorkflow(
  tx: TenantTx,
  workflowId: string,
  lock = false,
): Promise<WorkflowRow | undefined> {
  const { rows } = await tx.query<WorkflowRow>(
    `SELECT * FROM workflows WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
    [workflowId],
  );
  return rows[0];
}

/** By id, or else by name (the newest workflow of that name). */
export async function selectWorkflowByIdOrName(tx: TenantTx, ref: string): Promise<WorkflowRow | undefined> {
  const { rows } = await tx.query<WorkflowRow>(
    `SELECT * FROM workflows WHERE id::text = $1 OR name = $1 ORDER BY (id::text = $1) DESC, created_at DESC LIMIT 1`,
    [ref],
  );
  return rows[0];
}

export async function selectWorkflows(tx: TenantTx): Promise<WorkflowRow[]> {
  const { rows } = await tx.query<WorkflowRow>(`SELECT * FROM workflows ORDER BY created_at, id`);
  return rows;
}

export async function selectVersion(
  tx: TenantTx,
  workflowId: string,
  version: number,
): Promise<VersionRow | undefined> {
  const { rows } = await tx.query<VersionRow>(
    `SELECT workflow_id, version, document, created_by, created_at FROM workflow_versions
      WHERE workflow_id = $1 AND version = $2`,
    [workflowId, version],
  );
  return rows[0];
}

export async function selectVersions(
  tx: TenantTx,
  workflowId: string,
): Promise<Omit<VersionRow, 'document'>[]> {
  const { rows } = await tx.query<Omit<VersionRow, 'document'>>(
    `SELECT workflow_id, version, created_by, created_at FROM workflow_versions
      WHERE workflow_id = $1 ORDER BY version`,
    [workflowId],
  );
  return rows;
}

export async function updateWorkflowRow(
  tx: TenantTx,
  workflowId: string,
  fields: {
    name?: string;
    triggerType?: string;
    latestVersion?: number;
    activeVersion?: number | null;
    webhookSecret?: string;
  },
  now: Date,
): Promise<WorkflowRow> {
  const { rows } = await tx.query<WorkflowRow>(
    `UPDATE workflows SET
        name = coalesce($2, name),
        trigger_type = coalesce($3, trigger_type),
        latest_version = coalesce($4, latest_version),
        active_version = CASE WHEN $5::boolean THEN $6::int ELSE active_version END,
        webhook_secret = coalesce($7, webhook_secret),
        updated_at = $8
      WHERE id = $1 RETURNING *`,
    [
      workflowId,
      fields.name ?? null,
      fields.triggerType ?? null,
      fields.latestVersion ?? null,
      fields.activeVersion !== undefined,
      fields.activeVersion ?? null,
      fields.webhookSecret ?? null,
      now,
    ],
  );
  return rows[0] as WorkflowRow;
}

/** Active workflows listening to the event `name`, with their active document. */
export async function selectEventListeners(tx: TenantTx, name: string): Promise<VersionRow[]> {
  const { rows } = await tx.query<VersionRow>(
    `SELECT v.workflow_id, v.version, v.document, v.created_by, v.created_at
       FROM workflows w JOIN workflow_versions v ON v.workflow_id = w.id AND v.version = w.active_version
      WHERE v.event_name = $1 ORDER BY w.created_at, w.id`,
    [name],
  );
  return rows;
}
