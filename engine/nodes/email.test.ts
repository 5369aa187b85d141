import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NodeOf } from '../../graph/index.js';
import { type SmtpSink, startSmtpSink } from '../../test/smtp-sink.js';
import { PermanentStepError, RetryableStepError } from '../errors.js';
import { noPeopleDirectory, type PeopleDirectory } from '../people-directory.js';
import { createEmailExecutor, messageIdOf } from './email.js';
import { stepInputFor } from './step-input-fixture.js';

let sink: SmtpSink;
let send: ReturnType<typeof createEmailExecutor>;
const FROM = 'Switchboard <robot@acme.example>';

const directory: PeopleDirectory = {
  ...noPeopleDirectory,
  async groupMembers(_tenant, group) {
    return group === 'finance'
      ? ['email:fin1@acme.example', 'slack:user/U0FIN2', 'email:ann@acme.example']
      : null;
  },
  async emailOf(_tenant, person) {
    return person.kind === 'slack_user' && person.id === 'U0FIN2' ? 'fin2@acme.example' : null;
  },
};

function node(fields: Partial<NodeOf<'email'>>): NodeOf<'email'> {
  return {
    id: 'mail',
    type: 'email',
    to: ['ann@acme.example'],
    subject: 'Invoice {{ trigger.number }}',
    body: 'Hello,\n\nInvoice **{{ trigger.number }}** was approved. <script>x()</script>',
    ...fields,
  } as NodeOf<'email'>;
}

const context = { trigger: { number: 'INV-7', vendor: 'vendor@supplier.example' } };

beforeAll(async () => {
  sink = await startSmtpSink();
  send = createEmailExecutor({ smtpUrl: sink.url, from: FROM, directory });
});

afterAll(async () => {
  await sink.close();
});

describe('email executor', () => {
  it('delivers a Markdown email with text and safe HTML parts and a Message-ID from the step', async () => {
    const before = sink.messages.length;
    const result = await send(stepInputFor(node({}), { context }));
    const mail = sink.messages[before]!;
    expect(result.output).toEqual({ messageId: messageIdOf('run-1/mail/0', FROM) });
    expect(mail.messageId).toBe(messageIdOf('run-1/mail/0', FROM));
    expect(mail.messageId).toMatch(/^<[0-9a-f]{64}@acme\.example>$/);
    expect(mail.subject).toBe('Invoice INV-7');
    expect(mail.text).toContain('Invoice **INV-7** was approved.');
    expect(mail.html).toContain('<strong>INV-7</strong>');
    expect(mail.html).not.toContain('<script>');
    expect(mail.envelope.from).toBe('robot@acme.example');
  });

  it('keeps the Message-ID across attempts and changes it for another step', async () => {
    const before = sink.messages.length;
    await send(stepInputFor(node({}), { context, attempt: 1 }));
    await send(stepInputFor(node({}), { context, attempt: 2 }));
    await send(stepInputFor(node({}), { context, stepKey: 'run-1/mail/1' }));
    const ids = sink.messages.slice(before).map((m) => m.messageId);
    expect(ids[0]).toBe(ids[1]);
    expect(ids[2]).not.toBe(ids[0]);
  });

  it('resolves references, groups, the requester and templates to recipients', async () => {
    const before = sink.messages.length;
    await send(
      stepInputFor(
        node({
          to: ['{{ trigger.vendor }}', 'group:finance'],
          cc: ['requester'],
          bcc: ['email:audit@acme.example'],
        }),
        {
          context: {
            ...context,
            run: { id: 'run-1', startedAt: '2026-01-01T00:00:00Z', requester: 'email:boss@acme.example' },
          },
        },
      ),
    );
    const mail = sink.messages[before]!;
    expect(mail.envelope.to.sort()).toEqual(
      [
        'vendor@supplier.example',
        'fin1@acme.example',
        'fin2@acme.example',
        'ann@acme.example',
        'boss@acme.example',
        'audit@acme.example',
      ].sort(),
    );
    const header = (name: string) => JSON.stringify(mail.parsed.headers.get(name) ?? '');
    expect(header('to')).toContain('fin2@acme.example');
    expect(header('cc')).toContain('boss@acme.example');
    expect(mail.raw).not.toMatch(/^bcc:/im);
  });

  it('mails an address written in several capitals once, as first written', async () => {
    const before = sink.messages.length;
    await send(
      stepInputFor(node({ to: ['email:Ann@Acme.example', 'ann@acme.example', 'group:finance'] }), {
        context,
      }),
    );
    const mail = sink.messages[before]!;
    // (nodemailer lower-cases the domain of the envelope address.)
    expect(mail.envelope.to).toEqual(['Ann@acme.example', 'fin1@acme.example', 'fin2@acme.example']);
  });

  it('fails permanently for recipients that name nobody', async () => {
    await expect(send(stepInputFor(node({ to: ['group:nobody'] }), { context }))).rejects.toThrow(
      /no group "nobody"/,
    );
    await expect(send(stepInputFor(node({ to: ['requester'] }), { context }))).rejects.toMatchObject({
      code: 'email.no_requester',
    });
    await expect(send(stepInputFor(node({ to: ['not an address'] }), { context }))).rejects.toBeInstanceOf(
      PermanentStepError,
    );
  });

  it('classifies SMTP 4xx as retryable and 5xx as permanent', async () => {
    sink.failNext({ stage: 'rcpt', code: 451, message: 'Greylisted, try later' });
    await expect(send(stepInputFor(node({}), { context }))).rejects.toMatchObject({
      retryable: true,
      code: 'email.smtp_deferred',
    });
    sink.failNext({ stage: 'data', code: 554, message: 'Spam detected' });
    const refused = send(stepInputFor(node({}), { context }));
    await expect(refused).rejects.toBeInstanceOf(PermanentStepError);
    await expect(refused).rejects.toThrow(/refused the email/);
  });

  it('retries when the server cannot be reached', async () => {
    const closed = await startSmtpSink();
    await closed.close();
    const unreachable = createEmailExecutor({ smtpUrl: closed.url, from: FROM });
    await expect(unreachable(stepInputFor(node({}), { context }))).rejects.toBeInstanceOf(RetryableStepError);
  });

  it('says which variable to set when SMTP is not configured', async () => {
    const unset = createEmailExecutor({ smtpUrl: undefined, from: FROM });
    await expect(unset(stepInputFor(node({}), { context }))).rejects.toThrow(/set SMTP_URL/);
  });
});
