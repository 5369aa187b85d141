import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TENANT_ID } from '../../store/index.js';
import { createTestDatabase, type TestDatabase } from '../../test/index.js';
import type { Engine } from '../api.js';
import { createEngine } from '../engine.js';
import { createScheduler, getSchedule, nextFireAfter, withScheduleSync } from './schedule.js';

const HOURLY = JSON.parse(readFileSync(new URL('./fixtures/hourly-report.json', import.meta.url), 'utf8'));

let testDb: TestDatabase;
let now: Date;
const clock = { now: () => now };
let engine: Engine;

beforeAll(async () => {
  testDb = await createTestDatabase();
  engine = withScheduleSync(createEngine({ pool: testDb.db.pool, clock }), { pool: testDb.db.pool, clock });
});

afterAll(async () => {
  await engine?.stop();
  await testDb?.drop();
});

async function scheduledRuns(workflowId: string): Promise<{ input: { scheduledFor: string } }[]> {
  const { rows } = await testDb.db.pool.query(
    "SELECT input FROM runs WHERE workflow_id = $1 AND trigger_kind = 'schedule' ORDER BY created_at",
    [workflowId],
  );
  return rows;
}

async function activeHourly(cron = '0 * * * *'): Promise<string> {
  const workflow = await engine.createWorkflow(DEFAULT_TENANT_ID, {
    ...HOURLY,
    trigger: { ...HOURLY.trigger, cron },
  });
  await engine.activateWorkflow(DEFAULT_TENANT_ID, workflow.id);
  return workflow.id;
}

const schedule = (workflowId: string) =>
  testDb.db.withTenant(DEFAULT_TENANT_ID, (tx) => getSchedule(tx, workflowId));

describe('nextFireAfter', () => {
  it('reads the cron in the schedule’s time zone', () => {
    // 09:00 in Paris is 08:00 UTC in winter.
    expect(nextFireAfter('0 9 * * *', 'Europe/Paris', new Date('2030-01-01T10:00:00Z'))).toEqual(
      new Date('2030-01-02T08:00:00Z'),
    );
  });
});

describe('schedule triggers', () => {
  it('arms the schedule on activation and removes it on deactivation', async () => {
    now = new Date('2030-01-01T10:20:00Z');
    const id = await activeHourly();
    expect(await schedule(id)).toMatchObject({
      cron: '0 * * * *',
      nextFireAt: new Date('2030-01-01T11:00:00Z'),
    });
    await engine.deactivateWorkflow(DEFAULT_TENANT_ID, id);
    expect(await schedule(id)).toBeUndefined();
  });

  it('changes the schedule when a version with another cron is activated', async () => {
    now = new Date('2030-01-01T10:20:00Z');
    const id = await activeHourly();
    await engine.updateWorkflow(DEFAULT_TENANT_ID, id, {
      ...HOURLY,
      trigger: { ...HOURLY.trigger, cron: '30 * * * *' },
    });
    await engine.activateWorkflow(DEFAULT_TENANT_ID, id);
    expect(await schedule(id)).toMatchObject({
      cron: '30 * * * *',
      nextFireAt: new Date('2030-01-01T10:30:00Z'),
    });
    await engine.deactivateWorkflow(DEFAULT_TENANT_ID, id);
  });

  it('arms the schedule of the activated version, also when it is older than the newest', async () => {
    now = new Date('2030-01-01T10:20:00Z');
    const id = await activeHourly();
    await engine.updateWorkflow(DEFAULT_TENANT_ID, id, { ...HOURLY, trigger: { type: 'manual' } });
    await engine.activateWorkflow(DEFAULT_TENANT_ID, id, { version: 2 });
    expect(await schedule(id)).toBeUndefined();
    await engine.activateWorkflow(DEFAULT_TENANT_ID, id, { version: 1 });
    expect(await schedule(id)).toMatchObject({
      cron: '0 * * * *',
      nextFireAt: new Date('2030-01-01T11:00:00Z'),
    });
    await engine.deactivateWorkflow(DEFAULT_TENANT_ID, id);
  });

  it('starts one run when the same fire is started twice', async () => {
    now = new Date('2030-01-05T10:20:00Z');
    const id = await activeHourly();
    const fire = { trigger: 'schedule' as const, scheduledFor: new Date('2030-01-05T11:00:00Z') };
    await engine.startRun(DEFAULT_TENANT_ID, id, fire);
    await expect(engine.startRun(DEFAULT_TENANT_ID, id, fire)).rejects.toMatchObject({ code: '23505' });
    const { rows } = await testDb.db.pool.query('SELECT scheduled_for FROM runs WHERE workflow_id = $1', [
      id,
    ]);
    expect(rows).toEqual([{ scheduled_for: new Date('2030-01-05T11:00:00Z') }]);
    await engine.deactivateWorkflow(DEFAULT_TENANT_ID, id);
  });

  it('starts no second run when the schedule did not advance after its run started (a crash)', async () => {
    now = new Date('2030-01-06T10:20:00Z');
    const id = await activeHourly();
    const scheduler = createScheduler({ pool: testDb.db.pool, engine, clock });
    now = new Date('2030-01-06T11:00:00Z');
    expect(await scheduler.tick()).toHaveLength(1);
    // As if the process died after the run committed and before the schedule moved on.
    await testDb.db.pool.query(
      'UPDATE schedules SET next_fire_at = $2, last_fired_at = NULL WHERE workflow_id = $1',
      [id, new Date('2030-01-06T11:00:00Z')],
    );
    expect(await scheduler.tick()).toHaveLength(0);
    expect((await scheduledRuns(id)).map((r) => r.input.scheduledFor)).toEqual(['2030-01-06T11:00:00.000Z']);
    expect(await schedule(id)).toMatchObject({ nextFireAt: new Date('2030-01-06T12:00:00Z') });
    await engine.deactivateWorkflow(DEFAULT_TENANT_ID, id);
  });

  it('starts exactly one run per fire with two schedulers ticking at once', async () => {
    now = new Date('2030-02-01T10:20:00Z');
    const id = await activeHourly();
    const a = createScheduler({ pool: testDb.db.pool, engine, clock });
    const b = createScheduler({ pool: testDb.db.pool, engine, clock });
    for (const hour of [11, 12, 13]) {
      now = new Date(`2030-02-01T${hour}:00:00Z`);
      await Promise.all([a.tick(), b.tick(), a.tick(), b.tick()]);
    }
    const runs = await scheduledRuns(id);
    expect(runs.map((r) => r.input.scheduledFor)).toEqual([
      '2030-02-01T11:00:00.000Z',
      '2030-02-01T12:00:00.000Z',
      '2030-02-01T13:00:00.000Z',
    ]);
    await engine.drain();
    await engine.deactivateWorkflow(DEFAULT_TENANT_ID, id);
  });

  it('starts one run, not many, for fires missed during a 3-hour downtime', async () => {
    now = new Date('2030-03-01T10:20:00Z');
    const id = await activeHourly();
    const scheduler = createScheduler({ pool: testDb.db.pool, engine, clock });
    now = new Date('2030-03-01T13:30:00Z'); // 11:00, 12:00 and 13:00 were missed
    expect(await scheduler.tick()).toHaveLength(1);
    expect(await scheduler.tick()).toHaveLength(0);
    expect((await scheduledRuns(id)).map((r) => r.input.scheduledFor)).toEqual(['2030-03-01T11:00:00.000Z']);
    expect(await schedule(id)).toMatchObject({ nextFireAt: new Date('2030-03-01T14:00:00Z') });
    await engine.deactivateWorkflow(DEFAULT_TENANT_ID, id);
  });

  it('starts nothing before the fire time, and drops the schedule of a workflow deactivated behind its back', async () => {
    now = new Date('2030-04-01T10:20:00Z');
    const id = await activeHourly();
    const scheduler = createScheduler({ pool: testDb.db.pool, engine, clock });
    now = new Date('2030-04-01T10:59:59Z');
    expect(await scheduler.tick()).toHaveLength(0);
    // Deactivated through the bare engine, so the schedule row is left behind.
    await testDb.db.pool.query('UPDATE workflows SET active_version = NULL WHERE id = $1', [id]);
    now = new Date('2030-04-01T11:00:00Z');
    expect(await scheduler.tick()).toHaveLength(0);
    expect(await schedule(id)).toBeUndefined();
    expect(await scheduledRuns(id)).toEqual([]);
  });
});
