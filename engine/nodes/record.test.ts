import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NodeOf } from '../../graph/index.js';
import { createTenant } from '../../store/index.js';
import { createTestDatabase, type TestDatabase } from '../../test/index.js';
import type { StepInput } from '../executor.js';
import { createRecordExecutor } from './record.js';
import { stepInputFor } from './step-input-fixture.js';

let testDb: TestDatabase;
let tenantA: string;
let tenantB: string;
const records = createRecordExecutor({ maxQueryScan: 5 });

beforeAll(async () => {
  testDb = await createTestDatabase();
  tenantA = (await createTenant(testDb.db.pool, 'records-a')).id;
  tenantB = (await createTenant(testDb.db.pool, 'records-b')).id;
});

afterAll(async () => {
  await testDb?.drop();
});

function run(
  tenantId: string,
  fields: Partial<NodeOf<'record'>>,
  overrides: Partial<Pick<StepInput<'record'>, 'stepKey' | 'attempt'>> & {
    trigger?: Record<string, unknown>;
  } = {},
) {
  const node = { id: 'rec', type: 'record', entity: 'ticket', op: 'get', ...fields } as NodeOf<'record'>;
  const { trigger, ...rest } = overrides;
  return records(
    stepInputFor(node, {
      tenantId,
      ...rest,
      context: { trigger: (trigger ?? {}) as never },
      withTenantTx: (fn) => testDb.db.withTenant(tenantId, fn),
    }),
  );
}

describe('record executor', () => {
  it('creates with a templated key and data, and gets the record back as fields plus key', async () => {
    const created = await run(
      tenantA,
      { op: 'create', key: 'T-{{ trigger.id }}', data: { status: 'open', priority: '{{ trigger.p }}' } },
      { trigger: { id: 1, p: 3 } },
    );
    expect(created.output).toEqual({ key: 'T-1', status: 'open', priority: 3 });
    const got = await run(tenantA, { op: 'get', key: 'T-1' });
    expect(got.output).toEqual({ key: 'T-1', status: 'open', priority: 3 });
  });

  it('does not duplicate a create when the step is retried, with a generated or a templated key', async () => {
    const generated = { op: 'create', data: { status: 'new' } } as const;
    const first = await run(tenantA, generated, { stepKey: 'r/gen/0', attempt: 1 });
    const again = await run(tenantA, generated, { stepKey: 'r/gen/0', attempt: 2 });
    expect(again.output).toEqual(first.output);
    expect((first.output as { key: string }).key).toMatch(/^r_[0-9a-f]{32}$/);
    const templated = { op: 'create', key: 'T-2', data: { status: 'new' } } as const;
    await run(tenantA, templated, { stepKey: 'r/tpl/0' });
    await expect(run(tenantA, templated, { stepKey: 'r/tpl/0', attempt: 2 })).resolves.toBeDefined();
    await expect(run(tenantA, templated, { stepKey: 'r/other/0' })).rejects.toMatchObject({
      code: 'record.exists',
    });
  });

  it('updates by merging, fails permanently for a missing record, upserts and deletes', async () => {
    const updated = await run(tenantA, { op: 'update', key: 'T-1', data: { status: 'closed' } });
    expect(updated.output).toEqual({ key: 'T-1', status: 'closed', priority: 3 });
    await expect(run(tenantA, { op: 'update', key: 'nope', data: { a: 1 } })).rejects.toMatchObject({
      retryable: false,
      code: 'record.not_found',
    });
    const upserted = await run(tenantA, { op: 'upsert', key: 'T-3', data: { status: 'open' } });
    expect(upserted.output).toEqual({ key: 'T-3', status: 'open' });
    expect((await run(tenantA, { op: 'delete', key: 'T-3' })).output).toEqual({ key: 'T-3', status: 'open' });
    expect((await run(tenantA, { op: 'delete', key: 'T-3' })).output).toBeNull();
    expect((await run(tenantA, { op: 'get', key: 'T-3' })).output).toBeNull();
  });

  it('queries with a CEL where over each record, in key order', async () => {
    const result = await run(tenantA, {
      op: 'query',
      where: 'record.status == "new" || record.key == "T-1"',
    });
    const keys = (result.output as { key: string }[]).map((r) => r.key);
    expect(keys[0]).toBe('T-1');
    expect(keys).toContain('T-2');
    expect(keys).toHaveLength(3);
    const all = await run(tenantA, { op: 'query' });
    expect(all.output).toHaveLength(3);
  });

  it('fails permanently when a where is not a condition', async () => {
    await expect(run(tenantA, { op: 'query', where: 'record.status' })).rejects.toThrow(/true or false/);
  });

  it('bounds the rows a query scans, and says so', async () => {
    for (const key of ['a', 'b', 'c', 'd', 'e', 'f']) {
      await run(tenantA, { entity: 'many', op: 'upsert', key, data: { n: key } });
    }
    await expect(run(tenantA, { entity: 'many', op: 'query', where: 'true' })).rejects.toThrow(
      /more than 5, the most a query scans/,
    );
  });

  it('keeps tenants apart', async () => {
    expect((await run(tenantB, { op: 'get', key: 'T-1' })).output).toBeNull();
    expect((await run(tenantB, { op: 'query' })).output).toEqual([]);
    const mine = await run(tenantB, { op: 'create', key: 'T-1', data: { owner: 'b' } });
    expect(mine.output).toEqual({ key: 'T-1', owner: 'b' });
    expect((await run(tenantA, { op: 'get', key: 'T-1' })).output).toMatchObject({ status: 'closed' });
  });

  it('refuses data that is not an object or uses the reserved field "key"', async () => {
    await expect(run(tenantA, { op: 'upsert', key: 'x', data: [1, 2] })).rejects.toMatchObject({
      code: 'record.invalid_data',
    });
    await expect(run(tenantA, { op: 'upsert', key: 'x', data: { key: 'y' } })).rejects.toMatchObject({
      code: 'record.reserved_field',
    });
  });
});
