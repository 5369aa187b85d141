/** A web chat server for tests: the chat world's core behind `createWebChat` on 127.0.0.1. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { LlmClient } from '../../../llm/index.js';
import type { TestDatabase } from '../../../test/database.js';
import { type ChatWorld, createChatWorld, TENANT } from '../../core/test-support/world.js';
import { createWebChat, type WebChat, type WebChatOptions } from '../routes.js';
import { addWebUser } from '../users.js';

export interface WebChatServer {
  url: string;
  world: ChatWorld;
  chat: WebChat;
  /** Adds a login with this password (default tenant). */
  addUser(email: string, password: string): Promise<void>;
  close(): Promise<void>;
}

/** `options` go to `createWebChat` (e.g. a fake `clock`, `signInLimits`). */
export async function startWebChatServer(
  database: TestDatabase,
  llm: LlmClient | null,
  options: Pick<WebChatOptions, 'clock' | 'signInLimits'> = {},
): Promise<WebChatServer> {
  const world = createChatWorld({ pool: database.db.pool, llm });
  const chat = createWebChat({
    pool: database.db.pool,
    core: world.core,
    publicUrl: 'http://127.0.0.1',
    longPollMs: 3000,
    ...options,
  });
  const app = express();
  chat.routes(app);
  const server: Server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    world,
    chat,
    async addUser(email, password) {
      await addWebUser(database.db.pool, { tenantId: TENANT, email, password });
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await chat.idle();
      await chat.close();
      await world.stop();
    },
  };
}
