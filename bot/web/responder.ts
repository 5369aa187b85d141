/**
 * The core's responder for one web chat user: every post is a stored web message (the page
 * polls for them), updates replace a message in place, private replies are marked as such.
 */
import type pg from 'pg';
import { appendWebMessage, updateWebMessage, withTenant } from '../../store/index.js';
import type { MessageHandle, OutgoingMessage, Responder } from '../core/model.js';

export interface WebUserRef {
  tenantId: string;
  userId: string;
}

export function createWebResponder(pool: pg.Pool, user: WebUserRef): Responder {
  const append = (message: OutgoingMessage, isPrivate: boolean) =>
    withTenant(pool, user.tenantId, (tx) =>
      appendWebMessage(tx, { userId: user.userId, author: 'bot', message, private: isPrivate }),
    );
  return {
    async post(message) {
      const stored = await append(message, false);
      return { platform: 'web', address: { id: stored.id } };
    },
    async update(handle: MessageHandle, message) {
      const id = webMessageId(handle);
      if (id === null) return;
      await withTenant(pool, user.tenantId, (tx) => updateWebMessage(tx, id, message));
    },
    async postPrivate(message) {
      await append(message, true);
    },
  };
}

/** The web message a handle points at; null for another platform's handle. */
export function webMessageId(handle: MessageHandle): string | null {
  if (handle.platform !== 'web') return null;
  const id = (handle.address as { id?: unknown } | null)?.id;
  return typeof id === 'string' ? id : null;
}
