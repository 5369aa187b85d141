import type pg from 'pg';

/**
 * Runs `fn` in one transaction on a pooled connection: committed when `fn` resolves, rolled back
 * when it throws (the error is rethrown). `begin` may set up the transaction in the same round
 * trip (`withTenant` switches role and tenant there). A connection that cannot even roll back is
 * discarded rather than returned to the pool.
 */
export async function withTransaction<T>(
  pool: pg.Pool,
  fn: (client: pg.PoolClient) => Promise<T>,
  begin = 'BEGIN',
): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query(begin);
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch((rollbackError: Error) => {
      broken = rollbackError;
    });
    throw error;
  } finally {
    client.release(broken);
  }
}
