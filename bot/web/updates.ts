/**
 * Waking long-polls when a user's web messages change: one LISTEN connection per process on
 * store's NOTIFY channel (writers in any process notify at commit), fanned out to the requests
 * waiting for that user. Waiters also wake on a timer, so a lost connection only slows the page.
 */
import { EventEmitter } from 'node:events';
import type pg from 'pg';
import { WEB_MESSAGES_CHANNEL } from '../../store/index.js';

export interface WebUpdates {
  /** Resolves when a message of `userId` may have changed, or after `timeoutMs`. */
  wait(userId: string, timeoutMs: number, signal?: AbortSignal): Promise<void>;
  close(): Promise<void>;
}

export function createWebUpdates(
  pool: pg.Pool,
  logger?: { warn(m: string, f?: Record<string, unknown>): void },
): WebUpdates {
  const events = new EventEmitter();
  events.setMaxListeners(0);
  let client: pg.PoolClient | null = null;
  let connecting: Promise<void> | null = null;
  let closed = false;

  const listen = () => {
    connecting ??= (async () => {
      try {
        const held = await pool.connect();
        held.on('notification', (message) => {
          if (message.channel === WEB_MESSAGES_CHANNEL && message.payload) events.emit(message.payload);
        });
        held.on('error', (error) => {
          logger?.warn('web chat: update listener lost its connection', { error: error.message });
          held.release(error);
          client = null;
          connecting = null;
        });
        await held.query(`LISTEN ${WEB_MESSAGES_CHANNEL}`);
        if (closed) {
          held.release();
          return;
        }
        client = held;
      } catch (error) {
        connecting = null;
        logger?.warn('web chat: cannot listen for updates; pages poll instead', { error: String(error) });
      }
    })();
    return connecting;
  };

  return {
    async wait(userId, timeoutMs, signal) {
      if (!closed) await listen();
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          events.off(userId, done);
          signal?.removeEventListener('abort', done);
          resolve();
        };
        const timer = setTimeout(done, client === null ? Math.min(timeoutMs, 1000) : timeoutMs);
        events.on(userId, done);
        signal?.addEventListener('abort', done);
      });
    },
    async close() {
      closed = true;
      await connecting;
      const held = client;
      client = null;
      if (held) {
        try {
          await held.query(`UNLISTEN ${WEB_MESSAGES_CHANNEL}`);
        } finally {
          held.release();
        }
      }
    },
  };
}
