/**
 * The web chat as a notifier and task channel for `email:` references: a person whose email is
 * a web login sees chat-step messages, run notices and task cards in their web chat; everyone
 * else (and the web user too, when mail is configured) is served by the channels it wraps — the
 * run log for messages, email approval links for tasks. Task cards are stored per copy, so an
 * update replaces the card in place.
 */

import type pg from 'pg';
import type { NotifierChannel, TaskChannel, TaskView } from '../../engine/index.js';
import type { Json } from '../../graph/index.js';
import {
  appendWebMessage,
  findWebUser,
  type TenantTx,
  updateWebMessage,
  withTenant,
} from '../../store/index.js';
import { taskMessage } from '../core/cards.js';
import { say } from '../core/say.js';

export const WEB_CHANNEL = 'web';

export interface WebChannelOptions {
  pool: pg.Pool;
  /** Carries messages too (the run log records every message for the run's history). */
  messages: NotifierChannel;
  /** Carries task notices for people without a web login, and mail for those with one when configured. */
  tasks: TaskChannel;
}

interface WebCopyAddress {
  /** The web message holding the card, or null when the person has no web login. */
  web: string | null;
  /** The wrapped task channel's address. */
  next: Json | null;
}

export function createWebChannel(options: WebChannelOptions): NotifierChannel & TaskChannel {
  const inTenant = <T>(tenantId: string, fn: (tx: TenantTx) => Promise<T>) =>
    withTenant(options.pool, tenantId, fn);
  const webUserOf = (tx: TenantTx, reference: string) =>
    reference.startsWith('email:')
      ? findWebUser(tx, reference.slice('email:'.length))
      : Promise.resolve(null);

  return {
    name: WEB_CHANNEL,

    async postMessage(post) {
      const logged = await options.messages.postMessage(post);
      const posted = await inTenant(post.tenantId, async (tx) => {
        const user = await webUserOf(tx, post.to);
        if (user === null) return null;
        return appendWebMessage(tx, {
          userId: user.id,
          author: 'bot',
          message: say(post.text),
          idempotencyKey: `notice:${post.idempotencyKey}`,
        });
      });
      return posted ? { messageId: posted.id, channel: WEB_CHANNEL } : logged;
    },

    async postTask(notice) {
      const { task, recipient } = notice;
      const web = await inTenant(notice.tenantId, async (tx) => {
        const user = await webUserOf(tx, recipient);
        if (user === null || task.status !== 'open') return null;
        return appendWebMessage(tx, {
          userId: user.id,
          author: 'bot',
          message: taskMessage(task, { viewer: recipient }),
          taskId: task.id,
          idempotencyKey: `task:${notice.idempotencyKey}`,
        });
      });
      let next: Json | null = null;
      try {
        next = await options.tasks.postTask(notice);
      } catch (error) {
        // A web user is served already; mail that is not configured is no reason to retry.
        if (web === null || (error as { code?: unknown }).code !== 'task_email.not_configured') throw error;
      }
      const address: WebCopyAddress = { web: web?.id ?? null, next };
      return address as unknown as Json;
    },

    async updateTask(copy, task: TaskView) {
      const address = copy.address as unknown as Partial<WebCopyAddress> | null;
      if (address?.web) {
        const web = address.web;
        await inTenant(copy.tenantId, (tx) =>
          updateWebMessage(tx, web, taskMessage(task, { viewer: copy.recipient })),
        );
      }
      if (address?.next !== undefined && address.next !== null) {
        await options.tasks.updateTask({ ...copy, address: address.next }, task);
      }
    },
  };
}
