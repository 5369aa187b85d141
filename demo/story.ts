/**
 * `npm run demo`'s story, end to end through the real conversation core, planner, engine and
 * webhook route: describe → question → answer → preview → refine → diff → activate → a signed
 * webhook → the approval card to the approver → a non-approver's click refused → approve → the
 * run completes → the requester is told. The model's answers are replayed from
 * `invoice-story.json` through a local fake LLM server, and say so.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type pg from 'pg';
import { webhookRoutes } from '../admin/index.js';
import { actionOn, createChatWorld, TENANT, textOf } from '../bot/core/test-support/world.js';
import { DRAFT_ACTIONS, type OutgoingMessage, TASK_ACTIONS } from '../bot/index.js';
import { SIGNATURE_HEADER, signWebhook } from '../engine/index.js';
import { startReplayedLlm } from '../test/replayed-llm.js';
import { loadInvoiceStory } from './story-fixture.js';
import { renderForTerminal } from './terminal.js';

export interface DemoOptions {
  /** A migrated database (owner pool). */
  pool: pg.Pool;
  /** Where the story is written, line by line. */
  print: (line: string) => void;
  color?: boolean;
}

export interface DemoOutcome {
  workflowName: string;
  runStatus: string;
  /** What the non-approver was told privately. */
  refusal: string;
  /** The approver's card once decided. */
  decidedCard: string;
  /** What the requester (Bob) read in his chat when the run ended. */
  requesterTold: string;
  /** LLM calls the planner made (all replayed). */
  modelCalls: number;
}

export async function runDemo(options: DemoOptions): Promise<DemoOutcome> {
  const story = loadInvoiceStory();
  const color = options.color ?? false;
  const print = options.print;
  const bold = (text: string) => (color ? `\x1b[1m${text}\x1b[22m` : text);
  const show = (who: string, message: OutgoingMessage, note = '') =>
    print(`  ${who}${note ? ` ${note}` : ''}\n${renderForTerminal(message, { color })}\n`);
  const step = (title: string) => print(`\n${bold(`── ${title} `.padEnd(78, '─'))}\n`);

  const llm = await startReplayedLlm(story.modelResponses.map((response) => response.answer));
  const clock = { now: () => new Date(), advance: () => {} };
  const world = createChatWorld({
    pool: options.pool,
    llm: llm.client,
    clock,
    publicUrl: 'http://localhost:3000',
  });
  const app = express();
  webhookRoutes({ engine: world.engine })(app);
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const replayed = (n: number) => `(replayed model response ${n} of ${story.modelResponses.length})`;

  try {
    print(
      bold('Switchboard demo') +
        '\nThe conversation core, planner, engine and webhook route run for real on an embedded PostgreSQL.\n' +
        `The model's answers are ${bold('replayed')} from demo/invoice-story.json through a local fake LLM server:\n` +
        'no model is called, and the same story plays every time.',
    );
    const olga = await world.person('olga@example.com');
    const ann = await world.person('ann@example.com');
    const bob = await world.person('bob@example.com');

    step('1. Olga describes an automation');
    print(`  olga@example.com: ${story.description}\n`);
    await olga.say(story.description);
    show('Switchboard:', olga.responder.last().message, replayed(1));

    step('2. Olga answers the questions; Switchboard shows the preview');
    print(`  olga@example.com: ${story.answer}\n`);
    await olga.say(story.answer);
    show('Switchboard:', olga.responder.last().message, replayed(2));

    step('3. Olga asks for a change; Switchboard shows the new preview and what changed');
    print(`  olga@example.com: ${story.refinement}\n`);
    await olga.say(story.refinement);
    const refined = olga.responder.last();
    show('Switchboard:', refined.message, replayed(3));

    step('4. Olga presses Activate');
    const activate = actionOn(refined.message, DRAFT_ACTIONS.activate);
    await olga.click(activate.id, activate.value, { message: refined.handle });
    show('Switchboard:', olga.responder.last().message);
    show('Switchboard, to Olga only:', olga.responder.privates.at(-1)!);

    step('5. The accounting system posts an invoice to the webhook (signed)');
    const [workflow] = await world.engine.listWorkflows(TENANT);
    const target = await world.engine.findWebhookTarget(workflow!.id);
    const body = JSON.stringify(story.invoice);
    const signature = signWebhook(target!.secret!, body, Math.floor(Date.now() / 1000));
    const port = (server.address() as AddressInfo).port;
    const response = await fetch(`http://127.0.0.1:${port}/hooks/${workflow!.id}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signature },
      body,
    });
    print(
      `  POST /hooks/${workflow!.id}  ${body}\n  → ${response.status} ${JSON.stringify(await response.json())}\n`,
    );
    await world.engine.drain();

    step("6. The approval card arrives in Ann's chat");
    const card = (await ann.inbox()).at(-1)!;
    show("Ann's chat:", card);

    step('7. Bob presses Approve on the card — he is not an approver');
    const approve = actionOn(card, TASK_ACTIONS.approve);
    await bob.click(approve.id, approve.value);
    const refusal = bob.responder.privates.at(-1)!;
    show('Switchboard, to Bob only:', refusal);

    step('8. Ann approves; the run completes; Bob, who is to hear the outcome, is told');
    await ann.click(approve.id, approve.value);
    await world.engine.drain();
    const decided = (await ann.inbox()).find((m) => m.blocks.some((b) => b.type === 'heading'))!;
    show("Ann's chat, the card updated:", decided);
    const told = (await bob.inbox()).at(-1)!;
    show("Bob's chat:", told);
    const [run] = await world.engine.listRuns(TENANT, { workflowId: workflow!.id });
    print(`  Run ${run!.id}: ${bold(run!.status)}\n`);
    print(
      `Done. ${llm.server.requests('anthropic').length} model answers were replayed; everything else ran for real.`,
    );

    return {
      workflowName: workflow!.name,
      runStatus: run!.status,
      refusal: textOf(refusal),
      decidedCard: textOf(decided),
      requesterTold: textOf(told),
      modelCalls: llm.server.requests('anthropic').length,
    };
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await world.stop();
    await llm.close();
  }
}
