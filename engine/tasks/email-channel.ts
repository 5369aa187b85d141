import { parseReference } from '../../graph/index.js';
import { createTaskLink, findSentTaskNotice, markTaskLinkSent } from '../../store/index.js';
import type { Clock } from '../api.js';
import { escapeHtml, renderMarkdownHtml } from '../email/markdown.js';
import { createSmtpTransport } from '../email/transport.js';
import { PermanentStepError } from '../errors.js';
import { classifySmtpError, messageIdOf } from '../nodes/email.js';
import type { WithTenant } from '../notifier.js';
import type { TaskChannel, TaskNoticeKind, TaskView } from './api.js';

/**
 * Email approvals (issue 4): the task channel of `email:` references. Each request, reminder,
 * escalation or delegation mails the person a link to the task page of our HTTP server
 * (`<PUBLIC_URL>/tasks/respond/<token>`), where they approve or reject (or fill in the form). The
 * token is single-use, expires, and is bound to that person and task; only its hash is stored
 * (store's task links), so every mail carries a fresh link and a reminder re-issues one for a
 * task that stays open longer than a link lives.
 *
 * Each notice is mailed once: the link row records the notice's idempotency key and when its mail
 * was accepted, and a repeated post of that notice (the notice job retries every recipient when
 * one fails) returns the first copy without mailing. The `Message-ID` derives from the key too, so
 * when the outcome of a send was lost (crash before it was recorded) the second mail is
 * recognisable as the same message; it carries a second, equally valid link (a token cannot be
 * recovered from its hash), bound to the same person and task, and the task service records one
 * decision per person.
 *
 * Copies are not updated by mail (`updateTask` sends nothing): the page shows the outcome and who
 * decided whenever a link is opened after the task closed.
 */

/** Path of the task page; the token follows it. */
export const TASK_LINK_PATH = '/tasks/respond';

export interface EmailTaskChannelOptions {
  /** `SMTP_URL`; unset: posting a task fails permanently, saying so. */
  smtpUrl: string | undefined;
  /** `MAIL_FROM`; its domain ends every Message-ID. */
  from: string;
  /** `PUBLIC_URL`: base URL of this server as people's browsers reach it, e.g. `https://switchboard.example.com`. */
  publicUrl: string;
  /** `TASK_LINK_TTL_HOURS`: how long a link works; default 168 (a week). */
  linkTtlHours?: number;
  /** Tenant transactions, for storing links. */
  withTenant: WithTenant;
  /** Default: the system clock. */
  clock?: Clock;
  /** Bound on connecting and on each SMTP exchange; default 30 s. */
  timeoutMs?: number;
}

/** The task channel for reference kind `email`. */
export function createEmailTaskChannel(options: EmailTaskChannelOptions): TaskChannel {
  const clock = options.clock ?? { now: () => new Date() };
  const ttlMs = (options.linkTtlHours ?? 168) * 3_600_000;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const base = options.publicUrl.replace(/\/+$/, '');
  const transport = createSmtpTransport(options.smtpUrl, timeoutMs);

  return {
    name: 'email',
    async postTask({ tenantId, task, recipient, kind, idempotencyKey }) {
      // A notice delivered after the task closed (a late reminder) has nothing to ask for.
      if (task.status !== 'open' || kind === 'updated' || kind === 'closed') return null;
      const address = addressOf(recipient);
      if (transport === undefined) {
        throw new PermanentStepError(
          'task_email.not_configured',
          'Email approvals need a mail server: set SMTP_URL (and MAIL_FROM).',
        );
      }
      const messageId = messageIdOf(`task-notice:${idempotencyKey}`, options.from);
      const copy = (expiresAt: Date) => ({ messageId, to: address, expiresAt: expiresAt.toISOString() });
      // The notice job retries all its recipients when one fails: mail each notice once.
      const sent = await options.withTenant(tenantId, (tx) => findSentTaskNotice(tx, idempotencyKey));
      if (sent !== null) return copy(sent.expiresAt);
      const now = clock.now();
      const expiresAt = new Date(now.getTime() + ttlMs);
      const token = await options.withTenant(tenantId, (tx) =>
        createTaskLink(tx, {
          taskId: task.id,
          person: recipient,
          createdAt: now,
          expiresAt,
          noticeKey: idempotencyKey,
        }),
      );
      const mail = composeTaskMail(task, kind, `${base}${TASK_LINK_PATH}/${token}`, expiresAt);
      try {
        await transport.sendMail({ from: options.from, to: address, messageId, date: now, ...mail });
      } catch (error) {
        throw classifySmtpError(error);
      }
      await options.withTenant(tenantId, (tx) => markTaskLinkSent(tx, token, clock.now()));
      return copy(expiresAt);
    },
    async updateTask() {
      // Mail cannot be changed once sent; the link's page shows the current state.
    },
  };
}

function addressOf(recipient: string): string {
  const reference = parseReference(recipient);
  if (reference?.kind !== 'email') {
    throw new PermanentStepError(
      'task_email.invalid_recipient',
      `The email task channel mails email: references only, not "${recipient.slice(0, 200)}".`,
    );
  }
  return reference.address;
}

const SUBJECT_PREFIX: Record<'approval' | 'form', Partial<Record<TaskNoticeKind, string>>> = {
  approval: {
    opened: 'Approval requested',
    reminder: 'Reminder: approval requested',
    escalated: 'Escalated to you: approval requested',
    delegated: 'Delegated to you: approval requested',
  },
  form: {
    opened: 'Please fill in',
    reminder: 'Reminder: please fill in',
    escalated: 'Escalated to you: please fill in',
    delegated: 'Delegated to you: please fill in',
  },
};

/** Subject, text and HTML of the mail for one notice of `task`. */
export function composeTaskMail(
  task: TaskView,
  kind: TaskNoticeKind,
  link: string,
  expiresAt: Date,
): { subject: string; text: string; html: string } {
  const prefix = SUBJECT_PREFIX[task.kind][kind] ?? SUBJECT_PREFIX[task.kind].opened;
  const subject = `${prefix}: ${task.title}`.replace(/[\r\n]+/g, ' ').slice(0, 250);
  const action = task.kind === 'approval' ? 'Approve or reject' : 'Fill in the form';
  const expires = `This link works once and until ${expiresAt.toUTCString()}. Do not forward it: it acts as you.`;
  const context = `From the workflow "${task.workflowName}".`;

  const text = [
    task.title,
    '',
    task.message,
    ...(task.facts.length ? ['', ...task.facts.map((fact) => `- ${fact.label}: ${fact.value}`)] : []),
    '',
    `${action}: ${link}`,
    '',
    expires,
    context,
  ].join('\n');

  const facts = task.facts.length
    ? `<table role="presentation" style="border-collapse: collapse; margin: 1em 0">${task.facts
        .map(
          (fact) =>
            `<tr><th scope="row" style="text-align: left; padding: 2px 12px 2px 0; vertical-align: top">${escapeHtml(
              fact.label,
            )}</th><td style="padding: 2px 0">${escapeHtml(fact.value)}</td></tr>`,
        )
        .join('')}</table>`
    : '';
  const html = [
    '<!doctype html><html><body style="font-family: sans-serif; line-height: 1.5">',
    `<h1 style="font-size: 1.3em">${escapeHtml(task.title)}</h1>`,
    renderMarkdownHtml(task.message),
    facts,
    `<p><a href="${escapeHtml(link)}" style="display: inline-block; padding: 8px 16px; background: #1d4ed8; color: #ffffff; text-decoration: none; border-radius: 4px">${action}</a></p>`,
    `<p style="color: #555555; font-size: 0.9em">${escapeHtml(expires)}<br>${escapeHtml(context)}</p>`,
    '</body></html>',
  ].join('');
  return { subject, text, html };
}
