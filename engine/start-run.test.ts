import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidStartKeyError, RunStartKeyReusedError } from './errors.js';
import { MAX_START_KEY_LENGTH } from './start-run.js';
import { createHarness, doc, type Harness, TENANT } from './test-support/harness.js';

let h: Harness;

beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h.close();
});

/** An active manual workflow whose run copies its input to its output. */
async function echoWorkflow(): Promise<string> {
  const wf = await h.engine.createWorkflow(
    TENANT,
    doc([{ id: 'done', type: 'end', output: { order: '{{ trigger.order }}' } }]),
  );
  await h.engine.activateWorkflow(TENANT, wf.id);
  return wf.id;
}

/** Rows written for the workflow's runs: runs, their events, their queued jobs. */
async function written(workflowId: string): Promise<{ runs: number; events: number; jobs: number }> {
  const { rows } = await h.database.db.pool.query(
    `SELECT (SELECT count(*)::int FROM runs WHERE workflow_id = $1) AS runs,
            (SELECT count(*)::int FROM run_events e JOIN runs r ON r.id = e.run_id
              WHERE r.workflow_id = $1) AS events,
            (SELECT count(*)::int FROM graphile_worker._private_jobs j JOIN runs r
                ON r.id::text = j.payload->>'runId' WHERE r.workflow_id = $1) AS jobs`,
    [workflowId],
  );
  return rows[0];
}

/** Resolves once some session of the test database waits for a lock (the start behind the held insert). */
async function waitForLockWaiter(): Promise<void> {
  for (let tries = 0; tries < 500; tries++) {
    const { rows } = await h.database.db.pool.query(
      `SELECT count(*)::int AS n FROM pg_stat_activity
        WHERE datname = current_database() AND wait_event_type = 'Lock'`,
    );
    if (rows[0].n > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('No start waited for the held insert of its key.');
}

/**
 * Inserts a run with `startKey` in a transaction left open, starts a run with the same key
 * (which must wait for it), then ends the transaction with `end`.
 */
async function startBehindHeldInsert(workflowId: string, startKey: string, end: 'COMMIT' | 'ROLLBACK') {
  const held = await h.database.db.pool.connect();
  try {
    await held.query('BEGIN');
    const { rows } = await held.query(
      `INSERT INTO runs (tenant_id, workflow_id, version, status, trigger_kind, input, start_key, created_at)
       VALUES ($1, $2, 1, 'running', 'manual', '{"order":"H"}', $3, now()) RETURNING id`,
      [TENANT, workflowId, startKey],
    );
    const start = h.engine.startRun(TENANT, workflowId, {
      trigger: 'manual',
      input: { order: 'H' },
      startKey,
    });
    await waitForLockWaiter();
    await held.query(end);
    return { heldId: rows[0].id as string, run: await start };
  } finally {
    held.release(true); // never back to the pool with a transaction still open
  }
}

describe('startRun with a start key', () => {
  it('returns the first run with repeated: true for the same key, writing nothing', async () => {
    const id = await echoWorkflow();
    const first = await h.engine.startRun(TENANT, id, {
      trigger: 'manual',
      input: { order: 'A' },
      startKey: 'k1',
    });
    expect(first.repeated).toBe(false);
    const before = await written(id);
    expect(before).toEqual({ runs: 1, events: 1, jobs: 1 });
    const again = await h.engine.startRun(TENANT, id, {
      trigger: 'manual',
      input: { order: 'A' },
      startKey: 'k1',
    });
    expect(again).toEqual({ ...first, repeated: true });
    expect(await written(id)).toEqual(before);
  });

  it('answers a repeat of a finished run with its outcome', async () => {
    const id = await echoWorkflow();
    const first = await h.engine.startRun(TENANT, id, {
      trigger: 'manual',
      input: { order: 'B' },
      startKey: 'k',
    });
    await h.engine.drain();
    const again = await h.engine.startRun(TENANT, id, {
      trigger: 'manual',
      input: { order: 'B' },
      startKey: 'k',
    });
    expect(again).toMatchObject({
      id: first.id,
      repeated: true,
      status: 'completed',
      output: { order: 'B' },
    });
    expect((await written(id)).runs).toBe(1);
  });

  it('starts exactly one run for concurrent starts with one key', async () => {
    const id = await echoWorkflow();
    const starts = await Promise.all(
      Array.from({ length: 5 }, () =>
        h.engine.startRun(TENANT, id, { trigger: 'manual', input: { order: 'C' }, startKey: 'same' }),
      ),
    );
    expect(new Set(starts.map((s) => s.id)).size).toBe(1);
    expect(starts.filter((s) => !s.repeated)).toHaveLength(1);
    expect(await written(id)).toEqual({ runs: 1, events: 1, jobs: 1 });
    await h.engine.drain();
    const run = await h.engine.getRun(TENANT, starts[0]?.id as string);
    expect(run.status).toBe('completed');
    expect(run.events.filter((e) => e.type === 'run.started')).toHaveLength(1);
  });

  it('waits for an uncommitted start of the same key: its commit makes a repeat, its rollback a start', async () => {
    const id = await echoWorkflow();
    const committed = await startBehindHeldInsert(id, 'held-1', 'COMMIT');
    expect(committed.run).toMatchObject({ id: committed.heldId, repeated: true });
    const rolledBack = await startBehindHeldInsert(id, 'held-2', 'ROLLBACK');
    expect(rolledBack.run.repeated).toBe(false);
    expect(rolledBack.run.id).not.toBe(rolledBack.heldId);
    expect((await written(id)).runs).toBe(2);
  });

  it('refuses the same key with another input, starting nothing', async () => {
    const id = await echoWorkflow();
    const first = await h.engine.startRun(TENANT, id, {
      trigger: 'manual',
      input: { order: 'D' },
      startKey: 'k',
    });
    const reuse = h.engine.startRun(TENANT, id, { trigger: 'manual', input: { order: 'E' }, startKey: 'k' });
    await expect(reuse).rejects.toThrow(RunStartKeyReusedError);
    await expect(reuse).rejects.toMatchObject({ code: 'run.start_key_reused', runId: first.id });
    expect((await written(id)).runs).toBe(1);
  });

  it('keeps keys per workflow, and starts without a key are never repeats', async () => {
    const one = await echoWorkflow();
    const two = await echoWorkflow();
    const a = await h.engine.startRun(TENANT, one, {
      trigger: 'manual',
      input: { order: 'F' },
      startKey: 'k',
    });
    const b = await h.engine.startRun(TENANT, two, {
      trigger: 'manual',
      input: { order: 'F' },
      startKey: 'k',
    });
    expect(b.id).not.toBe(a.id);
    expect(b.repeated).toBe(false);
    const plain = [
      await h.engine.startRun(TENANT, one, { trigger: 'manual', input: { order: 'F' } }),
      await h.engine.startRun(TENANT, one, { trigger: 'manual', input: { order: 'F' } }),
    ];
    expect(plain.map((r) => r.repeated)).toEqual([false, false]);
    expect((await written(one)).runs).toBe(3);
    expect((await written(two)).runs).toBe(1);
  });

  it('refuses an empty key and one longer than the column holds, starting nothing', async () => {
    const id = await echoWorkflow();
    for (const startKey of ['', 'x'.repeat(MAX_START_KEY_LENGTH + 1)]) {
      await expect(h.engine.startRun(TENANT, id, { trigger: 'manual', startKey })).rejects.toThrow(
        InvalidStartKeyError,
      );
    }
    expect((await written(id)).runs).toBe(0);
    const longest = 'x'.repeat(MAX_START_KEY_LENGTH);
    expect((await h.engine.startRun(TENANT, id, { trigger: 'manual', startKey: longest })).repeated).toBe(
      false,
    );
  });
});
