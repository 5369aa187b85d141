/**
 * The conversation core against a real database and engine, with the model's answers scripted
 * (planner/scripted-llm.ts): the invoice story from description to "requester told", commands,
 * refusals and failure notices.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadInvoiceStory } from '../../demo/story-fixture.js';
import { scriptedLlm } from '../../planner/scripted-llm.js';
import { createTestDatabase, type TestDatabase } from '../../test/database.js';
import { TASK_ACTIONS } from './cards.js';
import { RUN_ACTION } from './commands.js';
import { DRAFT_ACTIONS } from './draft-messages.js';
import { NO_PLANNER_TEXT } from './planning.js';
import { actionOn, type ChatWorld, createChatWorld, TENANT, textOf } from './test-support/world.js';

const story = loadInvoiceStory();
let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  await database.drop();
});

async function world(outputs: { answer: unknown }[] | null): Promise<ChatWorld> {
  return createChatWorld({ pool: database.db.pool, llm: outputs === null ? null : scriptedLlm(outputs) });
}

describe('conversation core', () => {
  it('takes a description through questions, preview, refinement and activation to an approved run', async () => {
    const w = await world(story.modelResponses);
    try {
      const olga = await w.person('olga@example.com');
      const ann = await w.person('ann@example.com');
      const bob = await w.person('bob@example.com');

      await olga.say(story.description);
      const questions = olga.responder.last();
      expect(textOf(questions.message)).toContain('Who should approve incoming invoices?');
      expect(olga.responder.messages[0]?.updates).toBe(1); // "Planning…" replaced by the answer

      await olga.say(story.answer);
      const preview = olga.responder.last().message;
      expect(preview.blocks[0]).toEqual({ type: 'heading', text: 'Invoice approval' });
      expect(textOf(preview)).toContain('1. Ann approves');
      actionOn(preview, DRAFT_ACTIONS.activate);

      await olga.say(story.refinement);
      const refined = olga.responder.last();
      const changes = refined.message.blocks.find((b) => b.type === 'list');
      expect(changes?.type === 'list' && changes.items.join('\n')).toMatch(/Ann approves/);
      expect(textOf(refined.message)).toContain('Changes');

      const activate = actionOn(refined.message, DRAFT_ACTIONS.activate);
      // Only the person who described it may activate it.
      await bob.click(activate.id, activate.value);
      expect(textOf(bob.responder.privates.at(-1)!)).toContain('Only olga@example.com');

      await olga.click(activate.id, activate.value, { message: refined.handle });
      const live = olga.responder.last().message;
      expect(textOf(live)).toContain('Invoice approval is live');
      expect(textOf(live)).toMatch(/https:\/\/switchboard\.example\.com\/hooks\/[0-9a-f-]{36}/);
      expect(textOf(olga.responder.privates.at(-1)!)).toMatch(/Webhook secret of Invoice approval: `\w+/);
      expect(textOf(olga.responder.messages.find((m) => m.handle === refined.handle)!.message)).toContain(
        'Activated by olga@example.com',
      );

      const [workflow] = await w.engine.listWorkflows(TENANT);
      expect(workflow).toMatchObject({
        name: 'Invoice approval',
        active: true,
        createdBy: 'email:olga@example.com',
      });
      const run = await w.engine.startRun(TENANT, workflow!.id, { trigger: 'webhook', input: story.invoice });
      await w.engine.drain();

      const card = (await ann.inbox()).at(-1)!;
      expect(textOf(card)).toContain('Invoice **INV-42** from ACME Corp');
      expect(textOf(card)).toContain('Amount: 1200 EUR');
      const approve = actionOn(card, TASK_ACTIONS.approve);

      await bob.click(approve.id, approve.value);
      expect(textOf(bob.responder.privates.at(-1)!)).toMatch(/not|may/i);
      expect((await w.engine.getRun(TENANT, run.id)).status).toBe('waiting');

      await ann.click(approve.id, approve.value);
      await w.engine.drain();
      expect((await w.engine.getRun(TENANT, run.id)).status).toBe('completed');
      // Ann's copy in her web chat now shows the outcome, without buttons.
      const decided = (await ann.inbox()).find((m) => m.text.startsWith('Approve invoice'))!;
      expect(textOf(decided)).toContain('Approved by ann@example.com');
      expect(decided.blocks.some((b) => b.type === 'actions')).toBe(false);
      // The requester of the invoice (Bob) is told.
      expect((await bob.inbox()).map(textOf).join('\n')).toContain(
        'Invoice INV-42 from ACME Corp was approved.',
      );
    } finally {
      await w.stop();
    }
  });

  it('edits a draft from the Edit button and discards it', async () => {
    const w = await world([story.modelResponses[1]!, story.modelResponses[2]!]);
    try {
      const fay = await w.person('fay@example.com');
      await fay.say('Approve invoices from accounting: ann@example.com approves, tell bob@example.com.');
      const preview = fay.responder.last();
      const edit = actionOn(preview.message, DRAFT_ACTIONS.edit);
      await fay.click(edit.id, edit.value, { inputs: { comment: story.refinement } });
      const edited = fay.responder.last().message;
      expect(textOf(edited)).toContain('Changes');
      expect(textOf(edited)).toContain('The request shows: Vendor');
      const discard = actionOn(edited, DRAFT_ACTIONS.discard);
      await fay.click(discard.id, discard.value);
      expect(textOf(fay.responder.last().message)).toContain('Draft discarded');
      // The chat has no open draft any more: a greeting gets help, not a refinement.
      await fay.say('hello');
      expect(textOf(fay.responder.last().message)).toContain('I did not understand');
      const mine = (await w.engine.listWorkflows(TENANT)).filter(
        (wf) => wf.createdBy === 'email:fay@example.com',
      );
      expect(mine).toEqual([]);
    } finally {
      await w.stop();
    }
  });

  it('answers commands, asks for manual inputs, and tells the requester when the run ends', async () => {
    const w = await world([]);
    try {
      const cy = await w.person('cy@example.com');
      await cy.say('hi');
      expect(textOf(cy.responder.last().message)).toContain('I did not understand “hi”');
      await cy.say('help');
      expect(textOf(cy.responder.last().message)).toContain('`run <name>`');

      const created = await w.engine.createWorkflow(
        TENANT,
        {
          schema: 'switchboard/workflow@1',
          name: 'Say hello',
          locale: 'en',
          trigger: { type: 'manual', inputs: [{ key: 'who', label: 'Who', type: 'string', required: true }] },
          nodes: [{ id: 'done', type: 'end', output: { greeting: 'Hello {{ trigger.who }}' } }],
        },
        { createdBy: 'email:cy@example.com' },
      );
      await w.engine.activateWorkflow(TENANT, created.id);

      await cy.say('list');
      expect(textOf(cy.responder.last().message)).toContain('**Say hello** — live (version 1)');
      await cy.say('run say hello');
      const form = cy.responder.last().message;
      const submit = actionOn(form, RUN_ACTION);
      await cy.click(submit.id, submit.value, { inputs: { who: 'world' } });
      expect(textOf(cy.responder.last().message)).toContain('Started Say hello');
      await w.engine.drain();
      const [run] = await w.engine.listRuns(TENANT, { workflowId: created.id });
      expect(run).toMatchObject({ status: 'completed', requester: 'email:cy@example.com' });
      expect((await cy.inbox()).map(textOf).join('\n')).toContain('Your run of **Say hello** completed.');

      await cy.say('status');
      expect(textOf(cy.responder.last().message)).toContain('**Say hello** ✅ completed');
      await cy.say('tasks');
      expect(textOf(cy.responder.last().message)).toContain('Nothing is waiting for you.');
      await cy.say('deactivate say hello');
      expect(textOf(cy.responder.last().message)).toContain('Say hello is deactivated');
      expect((await w.engine.getWorkflow(TENANT, created.id)).active).toBe(false);
    } finally {
      await w.stop();
    }
  });

  it("reports a run failure to the workflow's owner with the failing step", async () => {
    const w = await world([]);
    try {
      const dana = await w.person('dana@example.com');
      const created = await w.engine.createWorkflow(
        TENANT,
        {
          schema: 'switchboard/workflow@1',
          name: 'Fetch the rates',
          locale: 'en',
          trigger: { type: 'webhook' },
          nodes: [
            {
              id: 'fetch',
              type: 'http',
              name: 'Fetch rates',
              method: 'GET',
              url: 'https://rates.example.com/',
            },
          ],
        },
        { createdBy: 'email:dana@example.com' },
      );
      await w.engine.activateWorkflow(TENANT, created.id);
      await w.engine.startRun(TENANT, created.id, { trigger: 'webhook', input: {} });
      await w.engine.drain();
      const notice = (await dana.inbox()).map(textOf).join('\n');
      expect(notice).toContain('**Fetch the rates** failed at step 1 “Fetch rates”');
    } finally {
      await w.stop();
    }
  });

  it('says which variables to set when no LLM is configured', async () => {
    const w = await world(null);
    try {
      const eve = await w.person('eve@example.com');
      await eve.say('Every Monday at 9 send the sales report to the team by email');
      expect(textOf(eve.responder.last().message)).toBe(`${NO_PLANNER_TEXT}\n${NO_PLANNER_TEXT}`);
    } finally {
      await w.stop();
    }
  });
});
