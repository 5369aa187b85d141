/**
 * The whole story in Slack: the real conversation core, engine and planner (the model's answers
 * replayed from the invoice story), the real Bolt app behind our signed endpoint, and the fake
 * Slack Web API. Describe → question → answer → preview → refine → diff → activate → webhook
 * fires → approval card to the DM of an approver who never talked to the bot (Slack finds them by
 * email) → a non-approver's click refused privately → approve → card updated → run completes →
 * the person the workflow tells is told.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadInvoiceStory } from '../../demo/story-fixture.js';
import {
  createChatExecutor,
  createEngine,
  createNotifierRegistry,
  createRunLogChannel,
  type Engine,
} from '../../engine/index.js';
import { createPlanner } from '../../planner/index.js';
import {
  createPeopleDirectory,
  findPerson,
  listChatMessages,
  type TenantTx,
  withTenant,
} from '../../store/index.js';
import { type FakeSlackCall, type ReplayedLlm, startReplayedLlm } from '../../test/index.js';
import { createConversationCore } from '../core/core.js';
import { createRunNotices } from '../core/run-notices.js';
import { createSlackForToken } from './for-token.js';
import { blockAction, type SlackHarness, startSlackHarness, viewSubmission } from './test-support/harness.js';

const story = loadInvoiceStory();
let slack: SlackHarness;
let engine: Engine;
let llm: ReplayedLlm;
const lookupErrors: string[] = [];

beforeAll(async () => {
  llm = await startReplayedLlm(story.modelResponses.map((response) => response.answer));
  slack = await startSlackHarness(({ database, fake }) => {
    const pool = database.db.pool;
    const inTenant = <T>(tenantId: string, fn: (tx: TenantTx) => Promise<T>) =>
      withTenant(pool, tenantId, fn);
    // Slack for the engine as the composition root builds it: the channel, and the directory
    // looking people named by email up in the workspace.
    const slackForEngine = createSlackForToken({
      botToken: fake.token,
      apiUrl: fake.apiUrl,
      db: pool,
      withTenant: inTenant,
      onLookupError: (email, error) => lookupErrors.push(`${email}: ${String(error)}`),
    });
    const directory = slackForEngine.withEmailLookup(createPeopleDirectory(inTenant));
    const notifier = createNotifierRegistry(createRunLogChannel(inTenant));
    notifier.register(['slack_user', 'slack_channel'], slackForEngine.channel);
    const notices = createRunNotices({
      engine: { getWorkflow: (tenantId, id) => engine.getWorkflow(tenantId, id) },
      notifier,
    });
    engine = createEngine({
      pool,
      directory,
      notifier,
      executors: { chat: createChatExecutor({ notifier, directory }) },
      onRunFinished: (run) => notices.runFinished(run),
    });
    return createConversationCore({
      engine,
      planner: createPlanner(llm.client),
      pool,
      publicUrl: 'https://switchboard.example.com',
    });
  });
  slack.fake.addUser({ id: 'U1', email: 'olga@example.com', name: 'Olga' });
  slack.fake.addUser({ id: 'U2', email: 'ann@example.com', name: 'Ann' });
  slack.fake.addUser({ id: 'U3', email: 'bob@example.com', name: 'Bob' });
});

afterAll(async () => {
  await engine?.stop();
  await slack?.close();
  await llm?.close();
});

/** The person of a reference in the people directory. */
const personOf = (tenantId: string, reference: string) =>
  withTenant(slack.database.db.pool, tenantId, (tx) => findPerson(tx, reference));

/** Everything a Web API call put in front of people: text and blocks. */
const shown = (call: FakeSlackCall | undefined) => JSON.stringify([call?.args.text, call?.args.blocks]);

/** The button whose decoded action id starts with `prefix` on the blocks of a call. */
function buttonOn(
  call: FakeSlackCall,
  prefix: string,
): { action_id: string; value: string; text: { text: string } } {
  for (const block of call.args.blocks ?? []) {
    for (const element of block.elements ?? []) {
      if (typeof element.action_id === 'string' && element.action_id.startsWith(prefix)) return element;
    }
  }
  throw new Error(`No ${prefix} button on ${shown(call)}`);
}

/** The newest post or update in `channel`. */
const latestIn = (channel: string) =>
  slack.fake
    .calls()
    .filter(
      (call) => ['chat.postMessage', 'chat.update'].includes(call.method) && call.args.channel === channel,
    )
    .at(-1);

describe('a conversation in Slack', () => {
  it('takes a description to an approved run, every step in Slack', async () => {
    const team = slack.fake.teamId;
    const tenantId = slack.adapter.workspace.tenantId;
    const dm = (user: string, channel: string, text: string, ts: string, thread?: string) =>
      slack.event({
        type: 'message',
        channel,
        channel_type: 'im',
        user,
        text,
        ts,
        ...(thread ? { thread_ts: thread } : {}),
      });

    // Bob has talked to the bot before: Slack told us his email, so he is one person. Ann, the
    // approver, never has: nothing links her Slack account to email:ann@example.com yet.
    await dm('U3', 'D3', 'hi', '1700001000.000002');
    await slack.adapter.idle();
    expect(await personOf(tenantId, 'email:ann@example.com')).toBeNull();

    // Describe: "Planning…" then the planner's question, in the thread of the description.
    const thread = '1700001000.000100';
    await dm('U1', 'D1', story.description, thread);
    await slack.adapter.idle();
    const planning = slack.fake.calls('chat.postMessage').find((call) => call.args.channel === 'D1');
    expect(planning?.args.thread_ts).toBe(thread);
    expect(shown(latestIn('D1'))).toContain('Who should approve incoming invoices?');

    // Answer in the thread: the preview, with Activate.
    await dm('U1', 'D1', story.answer, '1700001000.000200', thread);
    await slack.adapter.idle();
    const preview = latestIn('D1')!;
    expect(shown(preview)).toContain('Invoice approval');
    buttonOn(preview, 'draft.activate');

    // Refine: the new preview with the diff.
    await dm('U1', 'D1', story.refinement, '1700001000.000300', thread);
    await slack.adapter.idle();
    const refined = latestIn('D1')!;
    expect(shown(refined)).toContain('Changes');
    const activate = buttonOn(refined, 'draft.activate');
    // The preview replaced the "Updating the draft…" message: the update names its ts.
    const refinedTs: string = refined.args.ts ?? refined.response.ts;

    // Activate: the workflow is live; the webhook secret is shown to Olga only.
    slack.fake.reset();
    await slack.interaction(
      blockAction({
        teamId: team,
        user: 'U1',
        channel: 'D1',
        ts: refinedTs,
        threadTs: thread,
        actionId: activate.action_id,
        value: activate.value,
      }),
    );
    await slack.adapter.idle();
    expect(JSON.stringify(slack.fake.calls())).toContain('is live');
    expect(shown(slack.fake.calls('chat.postEphemeral').at(-1))).toMatch(/Webhook secret/);
    const [workflow] = await engine.listWorkflows(tenantId);
    expect(workflow).toMatchObject({ name: 'Invoice approval', active: true, createdBy: 'slack:user/U1' });

    // The webhook fires: Slack finds Ann by her email, so the approval card reaches her DM.
    slack.fake.reset();
    const run = await engine.startRun(tenantId, workflow!.id, { trigger: 'webhook', input: story.invoice });
    await engine.drain();
    expect(slack.fake.calls('users.lookupByEmail').map((call) => call.args.email)).toEqual([
      'ann@example.com',
    ]);
    expect(await personOf(tenantId, 'email:ann@example.com')).toMatchObject({
      preferredReference: 'slack:user/U2',
      references: ['email:ann@example.com', 'slack:user/U2'],
    });
    expect(slack.fake.calls('conversations.open').map((call) => call.args.users)).toContain('U2');
    const card = slack.fake.calls('chat.postMessage').find((call) => call.args.channel === 'D2')!;
    expect(card).toBeDefined();
    expect(shown(card)).toContain('INV-42');
    const approve = buttonOn(card, 'task.approve');
    const cardTs: string = card.response.ts;

    // Bob may not decide: he is told privately and the run keeps waiting.
    slack.fake.reset();
    await slack.interaction(
      blockAction({
        teamId: team,
        user: 'U3',
        channel: 'D2',
        ts: cardTs,
        actionId: approve.action_id,
        value: approve.value,
      }),
    );
    await slack.adapter.idle();
    expect(slack.fake.calls('chat.postEphemeral').at(-1)?.args.user).toBe('U3');
    expect(slack.fake.calls('chat.update')).toEqual([]);
    expect((await engine.getRun(tenantId, run.id)).status).toBe('waiting');

    // Ann approves: her card shows the outcome without buttons; the run completes.
    slack.fake.reset();
    await slack.interaction(
      blockAction({
        teamId: team,
        user: 'U2',
        channel: 'D2',
        ts: cardTs,
        actionId: approve.action_id,
        value: approve.value,
      }),
    );
    await slack.adapter.idle();
    await engine.drain();
    const updates = slack.fake
      .calls('chat.update')
      .filter((call) => call.args.channel === 'D2' && call.args.ts === cardTs);
    expect(updates.length).toBeGreaterThan(0);
    expect(shown(updates.at(-1))).toContain('Approved by');
    expect(updates.at(-1)?.args.blocks.some((block: { type: string }) => block.type === 'actions')).toBe(
      false,
    );
    expect((await engine.getRun(tenantId, run.id)).status).toBe('completed');
    expect(lookupErrors).toEqual([]);

    // Bob is told in Slack: the workflow's chat step to email:bob@example.com reaches him where he talks to us.
    const toBob = slack.fake.calls('chat.postMessage').filter((call) => call.args.channel === 'D3');
    expect(toBob.map((call) => call.args.text).join('\n')).toContain('INV-42 from ACME Corp was approved');
    const runLog = await withTenant(slack.database.db.pool, tenantId, (tx) => listChatMessages(tx, run.id));
    expect(runLog.map((m) => m.text).join('\n')).not.toContain('was approved');
    // Every model answer came over the wire from the fake LLM server.
    expect(llm.server.requests('anthropic')).toHaveLength(story.modelResponses.length);

    // A rejection asks for the reason in a modal first; Bob's, after the decision, is refused privately.
    const reject = buttonOn(card, 'task.reject');
    slack.fake.reset();
    await slack.interaction(
      blockAction({
        teamId: team,
        user: 'U3',
        channel: 'D2',
        ts: cardTs,
        actionId: reject.action_id,
        value: reject.value,
        label: 'Reject',
      }),
    );
    const modal = await slack.fake.waitForCall('views.open');
    expect(modal.args.view.blocks[0].label.text).toBe('Reason');
    await slack.interaction(
      viewSubmission({
        teamId: team,
        user: 'U3',
        view: modal.args.view,
        values: { comment: { comment: { type: 'plain_text_input', value: 'too late' } } },
      }),
    );
    await slack.adapter.idle();
    expect(slack.fake.calls('chat.postEphemeral').at(-1)?.args.user).toBe('U3');
    expect(slack.fake.calls('chat.update')).toEqual([]);
  });
});
