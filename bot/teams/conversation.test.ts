/**
 * The whole story in Microsoft Teams: the real conversation core, engine and planner (the
 * model's answers replayed from the invoice story), the real Agents SDK behind our endpoint (local
 * mode), and the fake Bot Connector. Describe → question → answer → preview → refine → diff →
 * activate → webhook fires → approval card to the approver's personal chat → a non-approver's
 * press refused privately → approve → card replaced and every copy updated → run completes → the
 * person the workflow tells is told.
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
  findTenant,
  listChatMessages,
  type TenantTx,
  withTenant,
} from '../../store/index.js';
import {
  type BotConnectorCall,
  postActivity,
  type ReplayedLlm,
  startReplayedLlm,
  type TeamsParty,
  teamsAction,
  teamsMessage,
} from '../../test/index.js';
import { createConversationCore } from '../core/core.js';
import { createRunNotices } from '../core/run-notices.js';
import { createTeamsChannel, TEAMS_REFERENCE_KINDS } from './channel.js';
import { startTeamsHarness, TEAMS_TENANT, type TeamsHarness } from './test-support/harness.js';

const story = loadInvoiceStory();
const olga: TeamsParty = { id: '29:olga', aadObjectId: '0000000a-0000-4000-8000-000000000001', name: 'Olga' };
const ann: TeamsParty = { id: '29:ann', aadObjectId: '0000000a-0000-4000-8000-000000000002', name: 'Ann' };
const bob: TeamsParty = { id: '29:bob', aadObjectId: '0000000a-0000-4000-8000-000000000003', name: 'Bob' };

let teams: TeamsHarness;
let engine: Engine;
let llm: ReplayedLlm;

beforeAll(async () => {
  llm = await startReplayedLlm(story.modelResponses.map((response) => response.answer));
  teams = await startTeamsHarness({
    core: ({ database, connector, addresses }) => {
      const pool = database.db.pool;
      const inTenant = <T>(tenantId: string, fn: (tx: TenantTx) => Promise<T>) =>
        withTenant(pool, tenantId, fn);
      const directory = createPeopleDirectory(inTenant);
      const notifier = createNotifierRegistry(createRunLogChannel(inTenant));
      notifier.register(
        TEAMS_REFERENCE_KINDS,
        createTeamsChannel({ connector, addresses, withTenant: inTenant }),
      );
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
    },
  });
  teams.fake.addMember({ ...olga, email: 'olga@example.com' });
  teams.fake.addMember({ ...ann, email: 'ann@example.com' });
  teams.fake.addMember({ ...bob, userPrincipalName: 'bob@example.com' });
});

afterAll(async () => {
  await engine?.stop();
  await teams?.close();
  await llm?.close();
});

/** Everything a card or message put in front of people. */
const shown = (call: BotConnectorCall | { body: unknown } | undefined) => JSON.stringify(call?.body ?? null);

/** The `Action.Execute` with `verb` on the card of a call. */
function buttonOn(call: BotConnectorCall, verb: string): { verb: string; data: Record<string, unknown> } {
  const found: { verb: string; data: Record<string, unknown> }[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (record.type === 'Action.Execute' && record.verb === verb) found.push(record as never);
      Object.values(record).forEach(visit);
    }
  };
  visit(call.body);
  if (!found[0]) throw new Error(`No ${verb} button on ${shown(call)}`);
  return found[0];
}

const personal = (party: TeamsParty) => `a:${party.id}`;
const postsTo = (party: TeamsParty) =>
  teams.fake.calls.filter((call) => call.kind === 'send' && call.conversationId === personal(party));
/** The newest message in a person's chat, as it shows now (posted, then maybe updated). */
const latestIn = (party: TeamsParty): BotConnectorCall => {
  const posted = postsTo(party).at(-1)!;
  return { ...posted, body: teams.fake.messages.get(posted.activityId!)!.activity };
};

describe('a conversation in Microsoft Teams', () => {
  it('takes a description to an approved run, every step in Teams', async () => {
    const say = async (from: TeamsParty, text: string) => {
      const response = await postActivity(
        teams.endpointUrl,
        teamsMessage({ serviceUrl: teams.fake.url, from, tenantId: TEAMS_TENANT, text }),
      );
      expect(response.status).toBe(200);
      await teams.endpoint.drain();
    };
    const press = async (
      from: TeamsParty,
      card: string,
      button: { verb: string; data: Record<string, unknown> },
      where: { conversationType?: 'personal' | 'channel'; conversationId?: string } = {},
    ) => {
      const response = await postActivity(
        teams.endpointUrl,
        teamsAction({
          serviceUrl: teams.fake.url,
          from,
          tenantId: TEAMS_TENANT,
          replyToId: card,
          verb: button.verb,
          data: button.data,
          ...where,
        }),
      );
      await teams.endpoint.drain();
      return response.body as { statusCode: number; type: string; value: unknown };
    };

    // Ann and Bob have talked to the bot before: Teams tells their emails, so they are one person.
    await say(ann, 'hi');
    await say(bob, 'hi');
    const tenantId = (await findTenant(teams.database.db.pool, `teams:${TEAMS_TENANT}`))!.id;

    // Describe: the planner's question in Olga's chat.
    await say(olga, story.description);
    expect(shown(latestIn(olga))).toContain('Who should approve incoming invoices?');

    // Answer: the preview, with Activate.
    await say(olga, story.answer);
    const preview = latestIn(olga);
    expect(shown(preview)).toContain('Invoice approval');
    buttonOn(preview, 'draft.activate');

    // Refine: the new preview with the diff.
    await say(olga, story.refinement);
    const refined = latestIn(olga);
    expect(shown(refined)).toContain('Changes');

    // Activate: the workflow is live; the webhook secret is told to Olga in her personal chat.
    teams.fake.calls.length = 0;
    const activated = await press(olga, refined.activityId!, buttonOn(refined, 'draft.activate'));
    expect(activated.statusCode).toBe(200);
    expect(JSON.stringify([activated, teams.fake.calls])).toContain('is live');
    expect(shown(latestIn(olga))).toMatch(/Webhook secret/);
    const [workflow] = await engine.listWorkflows(tenantId);
    expect(workflow).toMatchObject({
      name: 'Invoice approval',
      active: true,
      createdBy: `teams:user/${olga.aadObjectId}`,
    });

    // The webhook fires: Ann gets the approval card in her personal chat (proactively).
    teams.fake.calls.length = 0;
    const run = await engine.startRun(tenantId, workflow!.id, { trigger: 'webhook', input: story.invoice });
    await engine.drain();
    const card = postsTo(ann)[0]!;
    expect(shown(card)).toContain('INV-42');
    const approve = buttonOn(card, 'task.approve');
    const cardId = card.activityId!;

    // Bob may not decide (pressing a copy in a channel): told privately, the run keeps waiting.
    teams.fake.calls.length = 0;
    const refused = await press(bob, cardId, approve, {
      conversationType: 'channel',
      conversationId: '19:finance@thread.tacv2;messageid=1700000000100',
    });
    expect(refused.type).toBe('application/vnd.microsoft.activity.message');
    expect(teams.fake.calls.filter((call) => call.kind === 'update')).toEqual([]);
    expect((await engine.getRun(tenantId, run.id)).status).toBe('waiting');

    // Ann approves: the invoke answers with her card showing the outcome (no buttons); every copy
    // is replaced; the run completes.
    teams.fake.calls.length = 0;
    const approved = await press(ann, cardId, approve);
    expect(approved.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(JSON.stringify(approved.value)).toContain('Approved by');
    expect(JSON.stringify(approved.value)).not.toContain('Action.Execute');
    await engine.drain();
    const now = JSON.stringify(teams.fake.messages.get(cardId)!.activity);
    expect(now).toContain('Approved by');
    expect(now).not.toContain('Action.Execute');
    expect((await engine.getRun(tenantId, run.id)).status).toBe('completed');

    // Bob is told in Teams: the workflow's chat step to email:bob@example.com reaches him where he talks to us.
    expect(postsTo(bob).map(shown).join('\n')).toContain('INV-42 from ACME Corp was approved');
    const runLog = await withTenant(teams.database.db.pool, tenantId, (tx) => listChatMessages(tx, run.id));
    expect(runLog.map((m) => m.text).join('\n')).not.toContain('was approved');
    // Every model answer came over the wire from the fake LLM server.
    expect(llm.server.requests('anthropic')).toHaveLength(story.modelResponses.length);
  });
});
