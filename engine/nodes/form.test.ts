import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidTaskInputError, NotAnAssigneeError, TaskClosedError } from '../errors.js';
import { doc, TENANT } from '../test-support/harness.js';
import { ANN, BOB, createTaskHarness, startTask, type TaskHarness } from '../test-support/tasks.js';

const DAY = 86_400_000;
let h: TaskHarness;

beforeAll(async () => {
  h = await createTaskHarness();
});
afterAll(async () => {
  await h.close();
});

const formDoc = (extra: Record<string, unknown> = {}) =>
  doc([
    {
      id: 'details',
      type: 'form',
      title: 'New hire details',
      message: 'Details for {{ trigger.name }}',
      assignees: ['requester'],
      fields: [
        { key: 'startDate', label: 'Start date', type: 'date', required: true },
        { key: 'team', label: 'Team', type: 'select', options: ['Sales', 'Engineering'], required: true },
        { key: 'laptops', label: 'Laptops', type: 'number' },
        { key: 'remote', label: 'Remote', type: 'boolean' },
        { key: 'notes', label: 'Notes', type: 'text' },
      ],
      next: 'done',
      ...extra,
    },
    { id: 'done', type: 'end', output: '{{ steps.details.values }}' },
  ]);

describe('form', () => {
  it('continues with the typed values, who submitted and when', async () => {
    const { runId, task } = await startTask(h, formDoc(), { requester: ANN, input: { name: 'Kim' } });
    expect(task).toMatchObject({ kind: 'form', message: 'Details for Kim', assignees: [ANN], mode: null });
    expect(task.fields.map((f) => [f.key, f.type, f.required])).toEqual([
      ['startDate', 'date', true],
      ['team', 'select', true],
      ['laptops', 'number', false],
      ['remote', 'boolean', false],
      ['notes', 'text', false],
    ]);
    const view = await h.engine.tasks.submit(TENANT, task.id, {
      by: ANN,
      values: { startDate: '2100-02-01', team: 'Sales', laptops: '2', remote: true, notes: '' },
      channel: 'web',
    });
    expect(view).toMatchObject({ status: 'closed', outcome: 'submitted', closedBy: ANN });
    await h.engine.drain();
    const run = await h.engine.getRun(TENANT, runId);
    expect(run.status).toBe('completed');
    expect(run.output).toEqual({ startDate: '2100-02-01', team: 'Sales', laptops: 2, remote: true });
    expect(run.steps.find((s) => s.node === 'details')?.output).toMatchObject({
      by: ANN,
      at: h.clock.now().toISOString(),
    });
    await expect(
      h.engine.tasks.submit(TENANT, task.id, { by: BOB, values: {}, channel: 'web' }),
    ).rejects.toThrow(TaskClosedError);
  });

  it('refuses invalid values with a problem per field, recording nothing', async () => {
    const { task } = await startTask(h, formDoc(), { requester: ANN, input: { name: 'Lee' } });
    const bad = h.engine.tasks.submit(TENANT, task.id, {
      by: ANN,
      values: { startDate: '2100-02-30', team: 'Marketing', laptops: 'two', remote: 'maybe', extra: 1 },
      channel: 'web',
    });
    await expect(bad).rejects.toThrow(InvalidTaskInputError);
    const problems = await bad.catch((error: InvalidTaskInputError) => error.problems);
    expect((problems as { key: string }[]).map((p) => p.key).sort()).toEqual(
      ['extra', 'laptops', 'remote', 'startDate', 'team'].sort(),
    );
    const missing = h.engine.tasks.submit(TENANT, task.id, {
      by: ANN,
      values: { team: 'Sales' },
      channel: 'web',
    });
    await expect(missing).rejects.toThrow(/Start date is required/);
    await expect(
      h.engine.tasks.submit(TENANT, task.id, {
        by: BOB,
        values: { startDate: '2100-01-01', team: 'Sales' },
        channel: 'web',
      }),
    ).rejects.toThrow(NotAnAssigneeError);
    expect((await h.engine.tasks.getTask(TENANT, task.id)).status).toBe('open');
  });

  it('fails with form.timeout when nobody fills it in within the timeout', async () => {
    const { runId, task } = await startTask(h, formDoc({ timeout: '2d' }), {
      requester: ANN,
      input: { name: 'Max' },
    });
    h.clock.advance(2 * DAY);
    await h.engine.drain();
    const run = await h.engine.getRun(TENANT, runId);
    expect(run.status).toBe('failed');
    expect(run.error?.code).toBe('form.timeout');
    expect((await h.engine.tasks.getTask(TENANT, task.id)).outcome).toBe('timed_out');
  });

  it('fails the step when the form goes to the requester of a run nobody started', async () => {
    const { runId, task } = await startTask(h, formDoc(), { input: { name: 'Noa' } });
    expect(task).toBeUndefined();
    const run = await h.engine.getRun(TENANT, runId);
    expect(run.error?.code).toBe('form.no_requester');
  });
});
