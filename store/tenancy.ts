import type pg from 'pg';
import type { QueryResult, QueryResultRow } from 'pg';
import { InvalidTenantIdError } from './errors.js';
import { withTransaction } from './transaction.js';

/**
 * Tenant-scoped transactions. Every query on tenant data runs inside `withTenant`, which
 * switches to the `switchboard_app` role (row-level security applies to it) and sets
 * `switchboard.tenant_id` for the transaction only, so a pooled connection never carries one
 * tenant's context into another's work.
 */

/** A transaction in which only one tenant's rows are visible and writable. */
export interface TenantTx {
  /** The tenant this transaction is scoped to. */
  readonly tenantId: string;
  query<R extends QueryResultRow = QueryResultRow>(text: string, values?: unknown[]): Promise<QueryResult<R>>;
}

/** The role the application works through; created by migration 0001. */
export const APP_ROLE = 'switchboard_app';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Runs `fn` in one transaction scoped to `tenantId`: committed when `fn` resolves, rolled back
 * when it throws (the error is rethrown).
 */
export async function withTenant<T>(
  pool: pg.Pool,
  tenantId: string,
  fn: (tx: TenantTx) => Promise<T>,
): Promise<T> {
  if (typeof tenantId !== 'string' || !UUID.test(tenantId)) throw new InvalidTenantIdError(tenantId);
  // One round trip; interpolating the id is safe because it matched UUID above.
  const begin = `BEGIN; SET LOCAL ROLE ${APP_ROLE}; SELECT set_config('switchboard.tenant_id', '${tenantId}', true)`;
  return withTransaction(
    pool,
    (client) => fn({ tenantId, query: (text, values) => client.query(text, values) }),
    begin,
  );
}
