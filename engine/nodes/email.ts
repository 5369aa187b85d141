import { type ExpressionContext, ExpressionError, renderTemplate } from '../../graph/index.js';
import { renderEmailBody } from '../email/markdown.js';
import { resolveRecipients } from '../email/recipients.js';
import { createSmtpTransport } from '../email/transport.js';
import { PermanentStepError, RetryableStepError } from '../errors.js';
import type { Executor, StepInput } from '../executor.js';
import { idempotencyKeyOf } from '../idempotency.js';
import { noPeopleDirectory, type PeopleDirectory } from '../people-directory.js';

/**
 * The `email` step: a Markdown message (text and HTML parts) over SMTP with nodemailer. Its
 * `Message-ID` derives from the step key, so every attempt of one step sends the same id and a
 * duplicate delivery after a retry is recognisable (and collapsed by most mail systems). SMTP
 * 4xx replies and connection problems are retryable; 5xx replies are permanent.
 */

export interface EmailExecutorOptions {
  /** `SMTP_URL`, e.g. `smtp://user:pass@mail.example.com:587`; unset: email steps fail, saying so. */
  smtpUrl: string | undefined;
  /** `MAIL_FROM`, e.g. `Switchboard <switchboard@example.com>`; its domain ends every Message-ID. */
  from: string;
  /** Resolves groups, the requester and chat users to addresses; default knows nobody. */
  directory?: PeopleDirectory;
  /** Bound on connecting and on each SMTP exchange; default 30 s. */
  timeoutMs?: number;
}

interface SmtpError extends Error {
  code?: string;
  responseCode?: number;
  response?: string;
}

/** `<64 hex>@<domain>`: the same for every attempt of the step, different for any other step. */
export function messageIdOf(stepKey: string, from: string): string {
  return `<${idempotencyKeyOf(stepKey, 'email')}@${domainOf(from)}>`;
}

function domainOf(from: string): string {
  const address = /<([^>]+)>/.exec(from)?.[1] ?? from;
  const domain = address.slice(address.lastIndexOf('@') + 1).trim();
  return /^[A-Za-z0-9.-]+$/.test(domain) && domain !== '' ? domain : 'switchboard';
}

export function createEmailExecutor(options: EmailExecutorOptions): Executor<'email'> {
  const directory = options.directory ?? noPeopleDirectory;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const transport = createSmtpTransport(options.smtpUrl, timeoutMs);

  return async (input) => {
    if (transport === undefined) {
      throw new PermanentStepError(
        'email.not_configured',
        'Email is not set up: set SMTP_URL (and MAIL_FROM).',
      );
    }
    const message = await composeMessage(input, options.from, directory);
    try {
      await abortable(transport.sendMail(message), input.signal);
    } catch (error) {
      throw classifySmtpError(error);
    }
    return { output: { messageId: message.messageId } };
  };
}

async function composeMessage(input: StepInput<'email'>, from: string, directory: PeopleDirectory) {
  const { node } = input;
  const context = input.context as ExpressionContext;
  const scope = { tenantId: input.tenantId, context, now: input.now, directory };
  const [to, cc, bcc] = await Promise.all([
    resolveRecipients(node.to, scope),
    resolveRecipients(node.cc ?? [], scope),
    resolveRecipients(node.bcc ?? [], scope),
  ]);
  if (to.length + cc.length + bcc.length === 0) {
    throw new PermanentStepError(
      'email.no_recipients',
      'The email has no recipients after resolving groups.',
    );
  }
  const subject = render(node.subject, 'subject', input).replace(/[\r\n]+/g, ' ');
  const body = renderEmailBody(render(node.body, 'body', input));
  const messageId = messageIdOf(input.stepKey, from);
  return { from, to, cc, bcc, subject, text: body.text, html: body.html, messageId, date: input.now };
}

function render(template: string, field: string, input: StepInput<'email'>): string {
  try {
    return renderTemplate(template, input.context as ExpressionContext, { now: input.now });
  } catch (error) {
    if (!(error instanceof ExpressionError)) throw error;
    throw new PermanentStepError(
      'email.template',
      `The email ${field} could not be rendered: ${error.message}`,
      {
        cause: error,
      },
    );
  }
}

async function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted)
    throw new RetryableStepError('email.aborted', 'The email step was stopped before sending.');
  let onAbort: () => void = () => undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () =>
      reject(
        new RetryableStepError('email.timeout', 'Sending the email did not finish within the step timeout.'),
      );
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([promise, aborted]);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

/** SMTP replies 4xx: try later; 5xx: refused for good; no reply (network, TLS, timeout): retry. */
export function classifySmtpError(error: unknown): Error {
  if (error instanceof PermanentStepError || error instanceof RetryableStepError) return error;
  const smtp = error as SmtpError;
  const reply = (smtp.response ?? smtp.message ?? String(error)).slice(0, 300);
  const status = smtp.responseCode;
  if (status !== undefined && status >= 400 && status < 500) {
    return new RetryableStepError('email.smtp_deferred', `The mail server deferred the email: ${reply}`);
  }
  if (status !== undefined && status >= 500) {
    return new PermanentStepError('email.smtp_rejected', `The mail server refused the email: ${reply}`);
  }
  if (smtp.code === 'EAUTH') {
    return new PermanentStepError(
      'email.smtp_auth',
      'The mail server refused the login of SMTP_URL; check its user and password.',
    );
  }
  return new RetryableStepError(
    'email.connection',
    `The mail server could not be reached (${smtp.code ?? 'error'}): ${reply}`,
  );
}
