import { z } from 'zod';
import type { TenantTx } from './tenancy.js';

/** The audit log: who did what to which thing, per tenant. Append-only for the application. */

export const auditEntryInputSchema = z.object({
  /** Who acted: a person id, `system`, or `api-key:<id>`. */
  actor: z.string().min(1),
  /** What happened, as `noun.verb`: `workflow.activated`, `apikey.created`. */
  action: z.string().min(1),
  /** What it happened to, e.g. a workflow id. */
  subject: z.string().min(1).optional(),
  /** Anything else worth keeping; never secrets. */
  detail: z.record(z.string(), z.unknown()).default({}),
});
export type AuditEntryInput = z.input<typeof auditEntryInputSchema>;

export const auditEntrySchema = z.object({
  id: z.string(),
  tenantId: z.uuid(),
  at: z.date(),
  actor: z.string(),
  action: z.string(),
  subject: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

const columns = 'id::text AS id, tenant_id AS "tenantId", at, actor, action, subject, detail';

/** Appends one entry for the transaction's tenant. */
export async function appendAudit(tx: TenantTx, input: AuditEntryInput): Promise<AuditEntry> {
  const entry = auditEntryInputSchema.parse(input);
  const { rows } = await tx.query<AuditEntry>(
    `INSERT INTO audit_log (actor, action, subject, detail) VALUES ($1, $2, $3, $4) RETURNING ${columns}`,
    [entry.actor, entry.action, entry.subject ?? null, entry.detail],
  );
  return rows[0]!;
}

export interface ListAuditOptions {
  /** Most entries to return; default 100. */
  limit?: number;
  /** Only entries older than this entry id (for paging). */
  before?: string;
}

/** The transaction's tenant's entries, newest first. */
export async function listAudit(tx: TenantTx, options: ListAuditOptions = {}): Promise<AuditEntry[]> {
  const { rows } = await tx.query<AuditEntry>(
    `SELECT ${columns} FROM audit_log
      WHERE ($1::bigint IS NULL OR id < $1::bigint)
      ORDER BY id DESC
      LIMIT $2`,
    [options.before ?? null, options.limit ?? 100],
  );
  return rows;
}
