import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TENANT_ID, findTaskLink, hashTaskLinkToken, withTenant } from '../../store/index.js';
import { createTestDatabase, type TestDatabase, taskViewFor } from '../../test/index.js';
import { type SmtpSink, startSmtpSink } from '../../test/smtp-sink.js';
import { PermanentStepError, RetryableStepError } from '../errors.js';
import { messageIdOf } from '../nodes/email.js';
import type { TaskChannel } from './api.js';
import { createEmailTaskChannel, TASK_LINK_PATH } from './email-channel.js';

const FROM = 'Switchboard <robot@acme.example>';
const PUBLIC_URL = 'https://switchboard.acme.example/';
const NOW = new Date('2025-03-01T10:00:00.000Z');
const LINK = new RegExp(`https://switchboard\\.acme\\.example${TASK_LINK_PATH}/([A-Za-z0-9_-]{43})`);

let testDb: TestDatabase;
let sink: SmtpSink;
let channel: TaskChannel;

beforeAll(async () => {
  [testDb, sink] = await Promise.all([createTestDatabase(), startSmtpSink()]);
  channel = createEmailTaskChannel({
    smtpUrl: sink.url,
    from: FROM,
    publicUrl: PUBLIC_URL,
    linkTtlHours: 48,
    withTenant: (tenantId, fn) => withTenant(testDb.db.pool, tenantId, fn),
    clock: { now: () => NOW },
  });
});

afterAll(async () => {
  await sink?.close();
  await testDb?.drop();
});

let notices = 0;
/** A notice with a key of its own (posts with one key are mailed once). */
const notice = (overrides: Partial<Parameters<TaskChannel['postTask']>[0]> = {}) => ({
  tenantId: DEFAULT_TENANT_ID,
  task: taskViewFor(),
  recipient: 'email:ann@example.com',
  kind: 'opened' as const,
  idempotencyKey: `task-1/opened/${++notices}/email:ann@example.com`,
  ...overrides,
});

async function post(overrides: Partial<Parameters<TaskChannel['postTask']>[0]> = {}) {
  const before = sink.messages.length;
  const address = await channel.postTask(notice(overrides));
  return { address, mail: sink.messages[before], sent: sink.messages.length - before };
}

function tokenIn(text: string | undefined): string {
  const token = LINK.exec(text ?? '')?.[1];
  expect(token, 'link in the mail').toBeDefined();
  return token as string;
}

describe('email task channel', () => {
  it('mails the approver the title, message, facts and a link to the task page, in text and HTML', async () => {
    const { address, mail } = await post();
    expect(mail?.envelope.to).toEqual(['ann@example.com']);
    expect(mail?.envelope.from).toBe('robot@acme.example');
    expect(mail?.subject).toBe('Approval requested: Approve invoice INV-7');
    expect(mail?.text).toContain('Acme Supplies asks for payment of invoice INV-7.');
    expect(mail?.text).toContain('- Amount: 1,200.00 EUR');
    expect(mail?.html).toContain('<th scope="row"');
    expect(mail?.html).toContain('1,200.00 EUR');
    const token = tokenIn(mail?.text);
    expect(tokenIn(mail?.html)).toBe(token);
    expect(address).toEqual({
      messageId: mail?.messageId,
      to: 'ann@example.com',
      expiresAt: '2025-03-03T10:00:00.000Z',
    });
  });

  it('stores only the hash of the link token, bound to the person and task, expiring after the TTL', async () => {
    const { mail } = await post();
    const token = tokenIn(mail?.text);
    const { rows } = await testDb.db.pool.query('SELECT * FROM task_links WHERE token_hash = $1', [
      hashTaskLinkToken(token),
    ]);
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows[0])).not.toContain(token);
    expect(await findTaskLink(testDb.db.pool, token)).toEqual({
      tenantId: DEFAULT_TENANT_ID,
      taskId: taskViewFor().id,
      person: 'email:ann@example.com',
      expiresAt: new Date('2025-03-03T10:00:00.000Z'),
      usedAt: null,
    });
  });

  it('mails a notice once: a repeated post returns the first copy without mailing', async () => {
    const first = await post({ idempotencyKey: 'once' });
    const repeat = await post({ idempotencyKey: 'once' });
    expect(first.sent).toBe(1);
    expect(repeat.sent).toBe(0);
    expect(repeat.address).toEqual(first.address);
  });

  it('gives a send retried after a failure the same Message-ID; another notice gets another id', async () => {
    sink.failNext({ stage: 'data', code: 451 });
    await expect(post({ idempotencyKey: 'flaky' })).rejects.toThrow(RetryableStepError);
    const retry = await post({ idempotencyKey: 'flaky' });
    expect(retry.sent).toBe(1);
    expect(retry.mail?.messageId).toBe(messageIdOf('task-notice:flaky', FROM));
    expect(retry.mail?.messageId).toMatch(/^<[0-9a-f]{64}@acme\.example>$/);
    const reminder = await post({ kind: 'reminder' });
    expect(reminder.mail?.messageId).not.toBe(retry.mail?.messageId);
    expect(reminder.mail?.subject).toBe('Reminder: approval requested: Approve invoice INV-7');
  });

  it('says why it writes: escalation, delegation, forms', async () => {
    expect((await post({ kind: 'escalated', idempotencyKey: 'e' })).mail?.subject).toMatch(
      /^Escalated to you:/,
    );
    expect((await post({ kind: 'delegated', idempotencyKey: 'd' })).mail?.subject).toMatch(
      /^Delegated to you:/,
    );
    const form = await post({
      idempotencyKey: 'f',
      task: taskViewFor({
        kind: 'form',
        mode: null,
        title: 'Travel details',
        facts: [],
        fields: [{ key: 'city', label: 'City', type: 'text', required: true }],
      }),
    });
    expect(form.mail?.subject).toBe('Please fill in: Travel details');
    expect(form.mail?.text).toContain('Fill in the form: https://');
  });

  it('escapes task content in the HTML part', async () => {
    const { mail } = await post({
      idempotencyKey: 'x',
      task: taskViewFor({
        title: 'Pay <script>alert(1)</script>',
        message: 'See <img src=x onerror=alert(1)>',
        facts: [{ label: '<b>Amount</b>', value: '"><script>x()</script>' }],
      }),
    });
    expect(mail?.html).not.toMatch(/<script|<img|<b>/);
    expect(mail?.html).toContain('&lt;script&gt;');
  });

  it('sends nothing for a task that closed before the notice went out, and nothing on updates', async () => {
    const closed = taskViewFor({ status: 'closed', outcome: 'approved', closedBy: 'email:bob@example.com' });
    const { address, sent } = await post({ kind: 'reminder', task: closed, idempotencyKey: 'late' });
    expect(address).toBeNull();
    expect(sent).toBe(0);
    const before = sink.messages.length;
    await channel.updateTask(
      {
        tenantId: DEFAULT_TENANT_ID,
        taskId: closed.id,
        channel: 'email',
        recipient: 'email:ann@example.com',
        address: {},
      },
      closed,
    );
    expect(sink.messages.length).toBe(before);
  });

  it('refuses references that are not email addresses, permanently', async () => {
    await expect(post({ recipient: 'slack:user/U123' })).rejects.toThrow(PermanentStepError);
  });

  it('fails permanently without SMTP_URL, saying what to set', async () => {
    const unconfigured = createEmailTaskChannel({
      smtpUrl: undefined,
      from: FROM,
      publicUrl: PUBLIC_URL,
      withTenant: (tenantId, fn) => withTenant(testDb.db.pool, tenantId, fn),
    });
    await expect(unconfigured.postTask(notice())).rejects.toThrow(/SMTP_URL/);
  });

  it('classifies SMTP replies: 4xx retryable, 5xx permanent', async () => {
    sink.failNext({ stage: 'rcpt', code: 451 });
    await expect(post({ idempotencyKey: 'deferred' })).rejects.toThrow(RetryableStepError);
    sink.failNext({ stage: 'data', code: 554 });
    await expect(post({ idempotencyKey: 'refused' })).rejects.toThrow(PermanentStepError);
  });
});
