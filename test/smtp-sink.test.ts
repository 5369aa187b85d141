import { createTransport } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SmtpSink, startSmtpSink } from './smtp-sink.js';

let sink: SmtpSink;

beforeAll(async () => {
  sink = await startSmtpSink();
});

afterAll(async () => {
  await sink.close();
});

describe('SMTP sink', () => {
  it('collects parsed messages with their envelope', async () => {
    await createTransport(sink.url).sendMail({
      from: 'a@example.com',
      to: 'b@example.com',
      bcc: 'c@example.com',
      subject: 'Hi',
      text: 'Hello',
      messageId: '<fixed@example.com>',
    });
    const mail = sink.messages.at(-1);
    expect(mail).toMatchObject({ subject: 'Hi', messageId: '<fixed@example.com>' });
    expect(mail?.envelope).toEqual({ from: 'a@example.com', to: ['b@example.com', 'c@example.com'] });
    expect(mail?.text?.trim()).toBe('Hello');
  });

  it('answers scripted failures with their SMTP code, then accepts again', async () => {
    sink.failNext({ stage: 'mail', code: 421, message: 'Busy' });
    const transport = createTransport(sink.url);
    const message = { from: 'a@example.com', to: 'b@example.com', subject: 'x', text: 'y' };
    await expect(transport.sendMail(message)).rejects.toMatchObject({ responseCode: 421 });
    await expect(transport.sendMail(message)).resolves.toBeDefined();
  });
});
