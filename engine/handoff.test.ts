import { afterAll, beforeAll, expect, it } from 'vitest';
import { createHarness, doc, type Harness, TENANT } from './test-support/harness.js';

let h: Harness;
const calls: string[] = [];
let crashOnce = true;

beforeAll(async () => {
  h = await createHarness({
    chat: async (input) => {
      calls.push(input.stepKey);
      // A NUL character cannot be stored in jsonb: recording this result fails like a crash
      // between executing the step and committing its result.
      if (crashOnce) {
        crashOnce = false;
        return { output: { messageId: 'bad\u0000' } };
      }
      return { output: { messageId: 'm1' } };
    },
  });
});
afterAll(async () => {
  await h.close();
});

it('re-runs a step whose result was not recorded, and duplicate jobs change nothing', async () => {
  const wf = await h.engine.createWorkflow(
    TENANT,
    doc([
      { id: 'say', type: 'chat', to: 'requester', text: 'Hi', next: 'done' },
      { id: 'done', type: 'end' },
    ]),
  );
  await h.engine.activateWorkflow(TENANT, wf.id);
  const started = await h.engine.startRun(TENANT, wf.id, { trigger: 'manual' });
  await expect(h.engine.drain()).rejects.toThrow();
  expect((await h.engine.getRun(TENANT, started.id)).steps[0]?.status).toBe('running');
  // graphile-worker retries the failed job later; make it due now.
  await h.database.db.pool.query(`UPDATE graphile_worker._private_jobs SET run_at = now()`);
  await h.engine.drain();
  const run = await h.engine.getRun(TENANT, started.id);
  expect(run.status).toBe('completed');
  expect(calls).toEqual([calls[0], calls[0]]);

  // Deliver the first step's job again: the step is finished, so nothing happens.
  const before = run.events.length;
  await h.database.db.pool.query(`SELECT graphile_worker.add_job('switchboard_step', $1::json)`, [
    JSON.stringify({ tenantId: TENANT, runId: run.id, key: 'say#1' }),
  ]);
  await h.engine.drain();
  const after = await h.engine.getRun(TENANT, run.id);
  expect(after.events).toHaveLength(before);
  expect(after.steps).toHaveLength(2);
  expect(calls).toHaveLength(2);
});
