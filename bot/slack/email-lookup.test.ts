import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PeopleDirectory } from '../../engine/index.js';
import {
  createPeopleDirectory,
  DEFAULT_TENANT_ID,
  findPerson,
  setPreferredReference,
  type TenantTx,
} from '../../store/index.js';
import { createTestDatabase, type FakeSlack, startFakeSlack, type TestDatabase } from '../../test/index.js';
import { type SlackLookupOptions, withSlackLookup } from './email-lookup.js';
import { createSlackWebClient } from './web-client.js';
import { connectWorkspace, type SlackWorkspace, workspaceOnFirstUse } from './workspace.js';

let fake: FakeSlack;
let database: TestDatabase;
let workspace: SlackWorkspace;
let clock: number;
let warnings: { email: string; error: string }[];

beforeAll(async () => {
  fake = await startFakeSlack({ teamId: 'TLOOK' });
  fake.addUser({ id: 'U1', email: 'ann@example.com', name: 'Ann' });
  fake.addUser({ id: 'U2', email: 'bob@example.com', name: 'Bob' });
  fake.addUser({ id: 'U3', email: 'cy@example.com', name: 'Cy' });
  fake.addUser({ id: 'U4', email: 'dee@example.com', name: 'Dee' });
  fake.addUser({ id: 'U5', email: 'gone@example.com', name: 'Gone', deleted: true });
  database = await createTestDatabase();
  workspace = await connectWorkspace(client(), database.db.pool);
});
afterAll(async () => {
  await fake?.close();
  await database?.drop();
});
beforeEach(() => {
  fake.reset();
  clock = 1_000_000;
  warnings = [];
});

function client(apiUrl = fake.apiUrl) {
  return createSlackWebClient({ token: fake.token, apiUrl, timeoutMs: 1000 });
}

const inTenant = <T>(tenantId: string, fn: (tx: TenantTx) => Promise<T>) =>
  database.db.withTenant(tenantId, fn);

/** The store's directory with the Slack lookup, as the composition root builds it (clock and warnings recorded). */
function lookupDirectory(options: Partial<SlackLookupOptions> = {}): PeopleDirectory {
  const slackClient = options.client ?? client();
  return withSlackLookup(createPeopleDirectory(inTenant), {
    client: slackClient,
    workspace: workspaceOnFirstUse(slackClient, database.db.pool),
    withTenant: inTenant,
    onError: (email, error) => warnings.push({ email, error: String(error) }),
    now: () => clock,
    ...options,
  });
}

const lookups = () => fake.calls('users.lookupByEmail').map((call) => call.args.email);

describe('people named by email, looked up in Slack', () => {
  it('links the Slack user with that email and reaches them there; later asks use the link', async () => {
    const directory = lookupDirectory();
    expect(await directory.contactOf(workspace.tenantId, 'email:ann@example.com')).toBe('slack:user/U1');
    const ann = await inTenant(workspace.tenantId, (tx) => findPerson(tx, 'email:ann@example.com'));
    expect(ann).toMatchObject({
      preferredReference: 'slack:user/U1',
      references: ['email:ann@example.com', 'slack:user/U1'],
    });
    // She may decide from Slack: her Slack id is one of her references.
    expect(await directory.identitiesOf(workspace.tenantId, 'slack:user/U1')).toContain(
      'email:ann@example.com',
    );

    // Another process (a fresh directory, no memory) finds the link in the database.
    expect(await lookupDirectory().contactOf(workspace.tenantId, 'email:ann@example.com')).toBe(
      'slack:user/U1',
    );
    expect(await directory.contactOf(workspace.tenantId, 'email:ann@example.com')).toBe('slack:user/U1');
    expect(lookups()).toEqual(['ann@example.com']);
    expect(warnings).toEqual([]);
  });

  it('answers the email reference for addresses Slack does not know, and asks again only after an hour', async () => {
    const directory = lookupDirectory();
    const nobody = 'email:nobody@example.com';
    expect(await directory.contactOf(workspace.tenantId, nobody)).toBe(nobody);
    clock += 59 * 60_000;
    expect(await directory.contactOf(workspace.tenantId, nobody)).toBe(nobody);
    expect(lookups()).toEqual(['nobody@example.com']);
    clock += 2 * 60_000;
    expect(await directory.contactOf(workspace.tenantId, nobody)).toBe(nobody);
    expect(lookups()).toEqual(['nobody@example.com', 'nobody@example.com']);
    expect(await inTenant(workspace.tenantId, (tx) => findPerson(tx, nobody))).toBeNull();
    expect(warnings).toEqual([]);
  });

  it('treats a deactivated Slack account as unknown', async () => {
    const directory = lookupDirectory();
    expect(await directory.contactOf(workspace.tenantId, 'email:gone@example.com')).toBe(
      'email:gone@example.com',
    );
    expect(await inTenant(workspace.tenantId, (tx) => findPerson(tx, 'slack:user/U5'))).toBeNull();
  });

  it('falls back to the email reference with a warning when Slack refuses, and asks again next time', async () => {
    const directory = lookupDirectory();
    fake.fail('users.lookupByEmail', 'missing_scope');
    expect(await directory.contactOf(workspace.tenantId, 'email:bob@example.com')).toBe(
      'email:bob@example.com',
    );
    expect(warnings).toEqual([{ email: 'bob@example.com', error: expect.stringContaining('missing_scope') }]);
    expect(await inTenant(workspace.tenantId, (tx) => findPerson(tx, 'email:bob@example.com'))).toBeNull();
    // A failure is not remembered as "unknown".
    expect(await directory.contactOf(workspace.tenantId, 'email:bob@example.com')).toBe('slack:user/U2');
    expect(lookups()).toEqual(['bob@example.com', 'bob@example.com']);
  });

  it('falls back to the email reference with a warning when Slack cannot be reached', async () => {
    const directory = lookupDirectory({
      client: client('http://127.0.0.1:9/api/'),
      workspace: async () => workspace,
    });
    expect(await directory.contactOf(workspace.tenantId, 'email:cy@example.com')).toBe(
      'email:cy@example.com',
    );
    expect(warnings).toEqual([{ email: 'cy@example.com', error: expect.any(String) }]);
  });

  it('leaves other tenants and other references alone', async () => {
    const directory = lookupDirectory();
    expect(await directory.contactOf(workspace.tenantId, 'slack:user/U9')).toBe('slack:user/U9');
    expect(await directory.contactOf(workspace.tenantId, 'slack:channel/C1')).toBe('slack:channel/C1');
    expect(fake.calls()).toEqual([]);
    expect(await directory.contactOf(DEFAULT_TENANT_ID, 'email:cy@example.com')).toBe('email:cy@example.com');
    expect(lookups()).toEqual([]);
    expect(await inTenant(DEFAULT_TENANT_ID, (tx) => findPerson(tx, 'email:cy@example.com'))).toBeNull();
  });

  it('keeps the email of someone who chose to be reached by email', async () => {
    const cy = 'email:cy@example.com';
    await inTenant(workspace.tenantId, (tx) => setPreferredReference(tx, cy, cy));
    expect(await lookupDirectory().contactOf(workspace.tenantId, cy)).toBe(cy);
    expect(lookups()).toEqual([]);
  });

  it('links a reference whose address is written in capitals, so the approver it names may decide from Slack', async () => {
    const dee = 'email:Dee@Example.com';
    const directory = lookupDirectory();
    expect(await directory.contactOf(workspace.tenantId, dee)).toBe('slack:user/U4');
    // One person, known by the canonical spelling: the capitals name her too.
    expect(await directory.identitiesOf(workspace.tenantId, 'slack:user/U4')).toEqual([
      'slack:user/U4',
      'email:dee@example.com',
    ]);
    expect(await directory.identitiesOf(workspace.tenantId, dee)).toContain('slack:user/U4');
    expect(await directory.contactOf(workspace.tenantId, dee)).toBe('slack:user/U4');
    expect(await directory.contactOf(workspace.tenantId, 'email:dee@example.com')).toBe('slack:user/U4');
    expect(lookups()).toEqual(['dee@example.com']);
  });
});
