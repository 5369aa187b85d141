/**
 * The web chat in headless Chromium (Debian's `chromium`, driven by playwright-core): sign in,
 * describe an automation, see the preview, activate it, and approve the task it asks for.
 */
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadInvoiceStory } from '../../demo/story-fixture.js';
import {
  createTestDatabase,
  type ReplayedLlm,
  startReplayedLlm,
  type TestDatabase,
} from '../../test/index.js';
import { TENANT } from '../core/test-support/world.js';
import { startWebChatServer, type WebChatServer } from './test-support/server.js';

const CHROMIUM = '/usr/bin/chromium';
const story = loadInvoiceStory();

/** The story's refined draft, approved by the person signed in. */
function draftApprovedBy(email: string): unknown {
  const answer = structuredClone(story.modelResponses[2]!.answer) as {
    workflow: { nodes: { approvers?: string[] }[] };
  };
  answer.workflow.nodes[0]!.approvers = [`email:${email}`];
  return answer;
}

let database: TestDatabase;
let server: WebChatServer;
let browser: Browser;
let llm: ReplayedLlm;

beforeAll(async () => {
  database = await createTestDatabase();
  llm = await startReplayedLlm([draftApprovedBy('olga@example.com')]);
  server = await startWebChatServer(database, llm.client);
  await server.addUser('olga@example.com', 'correct horse battery');
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu'],
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await llm?.close();
  await database?.drop();
});

describe.runIf(existsSync(CHROMIUM))('web chat in a browser', () => {
  it('signs in, describes, activates and approves', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });

    await page.goto(`${server.url}/chat`);
    await page.fill('input[name=email]', 'olga@example.com');
    await page.fill('input[name=password]', 'correct horse battery');
    await page.click('button[type=submit]');
    await page.waitForURL(`${server.url}/chat`);

    await page.fill('#text', 'Invoices from accounting need my approval; tell bob@example.com the outcome.');
    await page.press('#text', 'Enter');
    const preview = page.locator('article.bot', { hasText: 'Invoice approval' }).last();
    await preview.locator('button[data-action="draft.activate"]').waitFor();
    expect(await preview.textContent()).toContain('1. Ann approves');

    await preview.locator('button[data-action="draft.activate"]').click();
    await page.locator('article.bot', { hasText: 'Invoice approval is live' }).waitFor();
    await page.locator('article.private', { hasText: 'Webhook secret' }).waitFor();

    const [workflow] = await server.world.engine.listWorkflows(TENANT);
    await server.world.engine.startRun(TENANT, workflow!.id, { trigger: 'webhook', input: story.invoice });
    await server.world.engine.drain();

    const approve = page.locator('article.bot button[data-action="task.approve"]');
    await approve.waitFor();
    const cardId = await approve.evaluate((button) => button.closest('article')?.dataset.id);
    const card = page.locator(`article[data-id="${cardId}"]`);
    await approve.click();
    await card.filter({ hasText: 'Approved by olga@example.com' }).waitFor();
    expect(await card.locator('button').count()).toBe(0);
    await server.world.engine.drain();
    expect((await server.world.engine.listRuns(TENANT))[0]?.status).toBe('completed');
    expect(llm.server.requests('anthropic')).toHaveLength(1);
    expect(errors).toEqual([]);
  });
});
