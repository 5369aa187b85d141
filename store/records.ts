import type { Json } from '../graph/index.js';
import type { TenantTx } from './tenancy.js';

/**
 * The built-in records store of a tenant (`record` steps): JSON objects by entity and key.
 * Every function runs in the caller's tenant transaction; row-level security keeps tenants apart.
 */

/** One stored record. */
export interface StoredRecord {
  entity: string;
  key: string;
  data: { [field: string]: Json };
  createdAt: Date;
  updatedAt: Date;
}

interface RecordRow {
  entity: string;
  key: string;
  data: { [field: string]: Json };
  created_at: Date;
  updated_at: Date;
  created_by_step?: string | null;
}

const COLUMNS = 'entity, key, data, created_at, updated_at';

function toRecord(row: RecordRow): StoredRecord {
  return {
    entity: row.entity,
    key: row.key,
    data: row.data,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export type CreateRecordResult =
  | { outcome: 'created' | 'already_created_by_step'; record: StoredRecord }
  | { outcome: 'exists' };

/**
 * Inserts a record. When the key is taken, tells whether the row was created by the same step
 * (`createdByStep`, a retry: the row is returned) or by something else (`exists`).
 */
export async function createRecord(
  tx: TenantTx,
  entity: string,
  key: string,
  data: { [field: string]: Json },
  createdByStep: string,
): Promise<CreateRecordResult> {
  const inserted = await tx.query<RecordRow>(
    `INSERT INTO records (entity, key, data, created_by_step) VALUES ($1, $2, $3, $4)
     ON CONFLICT (tenant_id, entity, key) DO NOTHING RETURNING ${COLUMNS}`,
    [entity, key, data, createdByStep],
  );
  if (inserted.rows[0]) return { outcome: 'created', record: toRecord(inserted.rows[0]) };
  const existing = await tx.query<RecordRow>(
    `SELECT ${COLUMNS}, created_by_step FROM records WHERE entity = $1 AND key = $2`,
    [entity, key],
  );
  const row = existing.rows[0];
  if (row?.created_by_step === createdByStep)
    return { outcome: 'already_created_by_step', record: toRecord(row) };
  return { outcome: 'exists' };
}

/** Merges `data` into the record's fields (top level); null when there is no such record. */
export async function updateRecord(
  tx: TenantTx,
  entity: string,
  key: string,
  data: { [field: string]: Json },
): Promise<StoredRecord | null> {
  const { rows } = await tx.query<RecordRow>(
    `UPDATE records SET data = data || $3::jsonb, updated_at = now()
     WHERE entity = $1 AND key = $2 RETURNING ${COLUMNS}`,
    [entity, key, data],
  );
  return rows[0] ? toRecord(rows[0]) : null;
}

/** Creates the record, or merges `data` into the one that exists. */
export async function upsertRecord(
  tx: TenantTx,
  entity: string,
  key: string,
  data: { [field: string]: Json },
): Promise<StoredRecord> {
  const { rows } = await tx.query<RecordRow>(
    `INSERT INTO records (entity, key, data) VALUES ($1, $2, $3)
     ON CONFLICT (tenant_id, entity, key)
     DO UPDATE SET data = records.data || excluded.data, updated_at = now()
     RETURNING ${COLUMNS}`,
    [entity, key, data],
  );
  return toRecord(rows[0]!);
}

/** Deletes a record and returns it; null when there was none. */
export async function deleteRecord(tx: TenantTx, entity: string, key: string): Promise<StoredRecord | null> {
  const { rows } = await tx.query<RecordRow>(
    `DELETE FROM records WHERE entity = $1 AND key = $2 RETURNING ${COLUMNS}`,
    [entity, key],
  );
  return rows[0] ? toRecord(rows[0]) : null;
}

export async function getRecord(tx: TenantTx, entity: string, key: string): Promise<StoredRecord | null> {
  const { rows } = await tx.query<RecordRow>(
    `SELECT ${COLUMNS} FROM records WHERE entity = $1 AND key = $2`,
    [entity, key],
  );
  return rows[0] ? toRecord(rows[0]) : null;
}

/** Up to `limit` records of an entity in key order (the primary key's order: an index scan). */
export async function listRecords(tx: TenantTx, entity: string, limit: number): Promise<StoredRecord[]> {
  const { rows } = await tx.query<RecordRow>(
    `SELECT ${COLUMNS} FROM records WHERE entity = $1 ORDER BY key LIMIT $2`,
    [entity, limit],
  );
  return rows.map(toRecord);
}
