import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../test/database.js';
import {
  addGroupMembers,
  createPeopleDirectory,
  findPerson,
  linkChatUser,
  linkIdentities,
  removeGroupMembers,
  selectGroupMembers,
  setGroupMembers,
  setPreferredReference,
  upsertPerson,
} from './people.js';
import type { TenantTx } from './tenancy.js';
import { withTenant } from './tenancy.js';

const TENANT = '00000000-0000-0000-0000-000000000001';
let database: TestDatabase;
const tx = <R>(fn: (tx: TenantTx) => Promise<R>) => withTenant(database.db.pool, TENANT, fn);

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.drop();
});

describe('people', () => {
  it('links identities into one person, merging people who already had some', async () => {
    const ann = await tx((t) =>
      upsertPerson(t, { references: ['email:ann@example.com'], displayName: 'Ann' }),
    );
    await tx((t) => linkIdentities(t, ['slack:user/UANN']));
    const merged = await tx((t) =>
      linkIdentities(t, ['slack:user/UANN', 'email:ann@example.com', 'teams:user/ann-1']),
    );
    expect(merged.id).toBe(ann.id);
    expect(merged.displayName).toBe('Ann');
    expect(merged.references).toEqual(['email:ann@example.com', 'slack:user/UANN', 'teams:user/ann-1']);
    expect((await tx((t) => findPerson(t, 'teams:user/ann-1')))?.id).toBe(ann.id);
  });

  it('answers the directory port: identities, contact, email, groups', async () => {
    await tx((t) => setPreferredReference(t, 'email:bob@example.com', 'slack:user/UBOB'));
    await tx((t) => setGroupMembers(t, 'finance', ['email:bob@example.com', 'email:cy@example.com']));
    const directory = createPeopleDirectory((tenantId, fn) => withTenant(database.db.pool, tenantId, fn));
    expect(await directory.identitiesOf(TENANT, 'slack:user/UBOB')).toEqual([
      'slack:user/UBOB',
      'email:bob@example.com',
    ]);
    expect(await directory.identitiesOf(TENANT, 'email:nobody@example.com')).toEqual([
      'email:nobody@example.com',
    ]);
    expect(await directory.contactOf(TENANT, 'email:bob@example.com')).toBe('slack:user/UBOB');
    expect(await directory.contactOf(TENANT, 'email:cy@example.com')).toBe('email:cy@example.com');
    expect(await directory.emailOf(TENANT, { kind: 'slack_user', id: 'UBOB' })).toBe('bob@example.com');
    expect(await directory.groupMembers(TENANT, 'finance')).toEqual([
      'email:bob@example.com',
      'email:cy@example.com',
    ]);
    expect(await directory.groupMembers(TENANT, 'nope')).toBeNull();
  });

  it('adds and removes group members, keeping order', async () => {
    await tx((t) => addGroupMembers(t, 'ops', ['email:a@example.com', 'email:b@example.com']));
    await tx((t) => addGroupMembers(t, 'ops', ['email:a@example.com', 'email:c@example.com']));
    await tx((t) => removeGroupMembers(t, 'ops', ['email:b@example.com']));
    expect(await tx((t) => selectGroupMembers(t, 'ops'))).toEqual([
      'email:a@example.com',
      'email:c@example.com',
    ]);
    await tx((t) => setGroupMembers(t, 'ops', []));
    expect(await tx((t) => selectGroupMembers(t, 'ops'))).toEqual([]);
  });

  it('treats an email reference in any case as the same reference, stored in lower case', async () => {
    const dan = await tx((t) => linkIdentities(t, ['email:Dan@Example.com', 'slack:user/UDAN']));
    expect(dan.references).toEqual(['email:dan@example.com', 'slack:user/UDAN']);
    expect((await tx((t) => findPerson(t, 'email:DAN@example.com')))?.id).toBe(dan.id);
    const linked = await tx((t) => linkIdentities(t, ['email:dan@EXAMPLE.com', 'teams:user/dan-1']));
    expect(linked.id).toBe(dan.id);
    expect(linked.references).toEqual(['email:dan@example.com', 'slack:user/UDAN', 'teams:user/dan-1']);
    const preferred = await tx((t) => setPreferredReference(t, 'slack:user/UDAN', 'email:Dan@Example.com'));
    expect(preferred).toMatchObject({ id: dan.id, preferredReference: 'email:dan@example.com' });
    // A chat platform giving the address in capitals links the same person.
    expect((await tx((t) => linkChatUser(t, 'slack:user/UDAN2', 'DAN@example.com'))).id).toBe(dan.id);
    // Slack and Teams ids stay case-sensitive.
    expect(await tx((t) => findPerson(t, 'slack:user/udan'))).toBeNull();
  });

  it('knows a group member added as email:Bob@X.org as the person email:bob@x.org', async () => {
    await tx((t) => setGroupMembers(t, 'buyers', ['email:Bob@X.org', 'email:bob@x.org', 'email:cy@x.org']));
    await tx((t) => addGroupMembers(t, 'buyers', ['email:BOB@x.org']));
    expect(await tx((t) => selectGroupMembers(t, 'buyers'))).toEqual(['email:bob@x.org', 'email:cy@x.org']);
    await tx((t) => removeGroupMembers(t, 'buyers', ['email:Cy@X.org']));
    expect(await tx((t) => selectGroupMembers(t, 'buyers'))).toEqual(['email:bob@x.org']);

    await tx((t) => setPreferredReference(t, 'email:bob@x.org', 'slack:user/UBOBX'));
    const directory = createPeopleDirectory((tenantId, fn) => withTenant(database.db.pool, tenantId, fn));
    expect(await directory.identitiesOf(TENANT, 'email:Bob@X.org')).toEqual([
      'email:bob@x.org',
      'slack:user/UBOBX',
    ]);
    expect(await directory.identitiesOf(TENANT, 'slack:user/UBOBX')).toEqual([
      'slack:user/UBOBX',
      'email:bob@x.org',
    ]);
    expect(await directory.contactOf(TENANT, 'email:Bob@X.org')).toBe('slack:user/UBOBX');
    expect(await directory.emailOf(TENANT, { kind: 'email', address: 'BOB@x.org' })).toBe('bob@x.org');
    // Nobody known: the answer is still the canonical reference.
    expect(await directory.identitiesOf(TENANT, 'email:Nobody@Example.com')).toEqual([
      'email:nobody@example.com',
    ]);
    expect(await directory.contactOf(TENANT, 'email:Nobody@Example.com')).toBe('email:nobody@example.com');
  });
});
