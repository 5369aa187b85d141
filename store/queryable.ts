import type { QueryResult, QueryResultRow } from 'pg';

/** Anything that runs SQL: a `pg.Pool`, a pooled client, or a tenant transaction. */
export interface Queryable {
  query<R extends QueryResultRow = QueryResultRow>(text: string, values?: unknown[]): Promise<QueryResult<R>>;
}
