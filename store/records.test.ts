import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../test/index.js';
import { appendChatMessage, listChatMessages } from './chat-messages.js';
import { createRecord, deleteRecord, getRecord, listRecords, updateRecord, upsertRecord } from './records.js';
import { createTenant } from './tenants.js';

let testDb: TestDatabase;
let tenantA: string;
let tenantB: string;

beforeAll(async () => {
  testDb = await createTestDatabase();
  tenantA = (await createTenant(testDb.db.pool, 'rec-a')).id;
  tenantB = (await createTenant(testDb.db.pool, 'rec-b')).id;
});

afterAll(async () => {
  await testDb?.drop();
});

describe('records', () => {
  it('creates once; the same step finds its row again, another step is told it exists', async () => {
    const results = await testDb.db.withTenant(tenantA, async (tx) => [
      await createRecord(tx, 'ticket', 't1', { status: 'open' }, 'step-1'),
      await createRecord(tx, 'ticket', 't1', { status: 'other' }, 'step-1'),
      await createRecord(tx, 'ticket', 't1', { status: 'other' }, 'step-2'),
    ]);
    expect(results.map((r) => r.outcome)).toEqual(['created', 'already_created_by_step', 'exists']);
    const second = results[1];
    expect(second?.outcome !== 'exists' && second?.record.data).toEqual({ status: 'open' });
  });

  it('updates by merging fields, upserts, gets, deletes', async () => {
    const out = await testDb.db.withTenant(tenantA, async (tx) => ({
      updated: await updateRecord(tx, 'ticket', 't1', { priority: 'high' }),
      missing: await updateRecord(tx, 'ticket', 'nope', { priority: 'high' }),
      upserted: await upsertRecord(tx, 'ticket', 't2', { status: 'new' }),
      upsertedAgain: await upsertRecord(tx, 'ticket', 't2', { status: 'closed' }),
      got: await getRecord(tx, 'ticket', 't2'),
      deleted: await deleteRecord(tx, 'ticket', 't2'),
      deletedAgain: await deleteRecord(tx, 'ticket', 't2'),
    }));
    expect(out.updated?.data).toEqual({ status: 'open', priority: 'high' });
    expect(out.missing).toBeNull();
    expect(out.upserted.data).toEqual({ status: 'new' });
    expect(out.upsertedAgain.data).toEqual({ status: 'closed' });
    expect(out.got?.data).toEqual({ status: 'closed' });
    expect(out.deleted?.key).toBe('t2');
    expect(out.deletedAgain).toBeNull();
  });

  it('lists in key order up to a limit', async () => {
    const keys = await testDb.db.withTenant(tenantA, async (tx) => {
      for (const key of ['c', 'a', 'b']) await upsertRecord(tx, 'item', key, { n: key });
      return (await listRecords(tx, 'item', 2)).map((r) => r.key);
    });
    expect(keys).toEqual(['a', 'b']);
  });

  it('isolates tenants: the other tenant sees none and can reuse the key', async () => {
    const seen = await testDb.db.withTenant(tenantB, async (tx) => ({
      got: await getRecord(tx, 'ticket', 't1'),
      list: await listRecords(tx, 'item', 10),
      created: (await createRecord(tx, 'ticket', 't1', { mine: true }, 'step-1')).outcome,
    }));
    expect(seen).toEqual({ got: null, list: [], created: 'created' });
    const a = await testDb.db.withTenant(tenantA, (tx) => getRecord(tx, 'ticket', 't1'));
    expect(a?.data).toEqual({ status: 'open', priority: 'high' });
  });
});

describe('chat messages', () => {
  it('stores one message per idempotency key and lists a run in order', async () => {
    const [first, again, other] = await testDb.db.withTenant(tenantA, async (tx) => [
      await appendChatMessage(tx, { runId: 'r1', recipient: 'requester', text: 'hi', idempotencyKey: 'k1' }),
      await appendChatMessage(tx, { runId: 'r1', recipient: 'requester', text: 'hi', idempotencyKey: 'k1' }),
      await appendChatMessage(tx, { runId: 'r1', recipient: 'group:x', text: 'yo', idempotencyKey: 'k2' }),
    ]);
    expect(again?.id).toBe(first?.id);
    expect(other?.id).not.toBe(first?.id);
    const listed = await testDb.db.withTenant(tenantA, (tx) => listChatMessages(tx, 'r1'));
    expect(listed.map((m) => m.text)).toEqual(['hi', 'yo']);
    const fromB = await testDb.db.withTenant(tenantB, (tx) => listChatMessages(tx, 'r1'));
    expect(fromB).toEqual([]);
  });
});
