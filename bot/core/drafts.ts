/**
 * Drafts in a thread: a description becomes the planner's questions or a preview; answers and
 * replies refine it (`planner.edit` once there is a draft, a new plan with the thread so far
 * before); Activate makes it live, Discard drops it. The conversation row is the thread's memory.
 */
import { describe, type WorkflowDocument } from '../../graph/index.js';
import type { EditResult, PlanResult } from '../../planner/index.js';
import {
  type Conversation,
  claimConversation,
  createConversation,
  getConversation,
  type TranscriptMessage,
  updateConversation,
} from '../../store/index.js';
import { activationMessages } from './activation.js';
import type { CoreServices } from './deps.js';
import {
  decidedPreviewMessage,
  planningMessage,
  previewMessage,
  questionsMessage,
} from './draft-messages.js';
import type { MessageHandle } from './model.js';
import { NO_PLANNER_TEXT, tryPlanner } from './planning.js';
import { say, sorry } from './say.js';
import type { Turn } from './turn.js';

/** A conversation stuck in `planning` this long (a crash mid-plan) is taken up again. */
const STALE_PLANNING_MS = 5 * 60_000;

/** Starts a draft from a description: progress first, then questions or the preview. */
export async function describeAutomation(s: CoreServices, turn: Turn, description: string): Promise<void> {
  if (s.planner === null) {
    await turn.responder.post(say(NO_PLANNER_TEXT));
    return;
  }
  const progress = await turn.responder.post(planningMessage('plan'));
  const conversation = await s.inTenant(turn.actor.tenantId, (tx) =>
    createConversation(tx, {
      platform: turn.where.platform,
      channel: turn.where.channel,
      thread: turn.where.thread,
      owner: turn.actor.person,
      description,
      now: s.now(),
    }),
  );
  const planner = s.planner;
  const context = await s.planningContext(turn.actor);
  await settle(s, turn, conversation, progress, null, () => planner.plan(description, context));
}

/** A reply in a thread with an open conversation: answers to questions, or a change to the draft. */
export async function refineDraft(
  s: CoreServices,
  turn: Turn,
  conversation: Conversation,
  text: string,
): Promise<void> {
  if (s.planner === null) {
    await turn.responder.post(say(NO_PLANNER_TEXT));
    return;
  }
  const from = conversation.status;
  if (from === 'planning' && s.now().getTime() - conversation.updatedAt.getTime() < STALE_PLANNING_MS) {
    await turn.responder.postPrivate(
      say('I am still working on the previous message in this thread; one moment.'),
    );
    return;
  }
  const claimed = await s.inTenant(turn.actor.tenantId, (tx) =>
    claimConversation(tx, conversation.id, ['questions', 'draft', 'active', 'planning'], 'planning', s.now()),
  );
  if (claimed === null) {
    await turn.responder.postPrivate(
      sorry('This draft was closed meanwhile; describe the automation again.'),
    );
    return;
  }
  const planner = s.planner;
  const context = { ...(await s.planningContext(turn.actor)), conversation: claimed.transcript };
  const draft = await currentDocument(s, turn, claimed);
  const progress = await turn.responder.post(planningMessage(draft ? 'edit' : 'plan'));
  await settle(s, turn, claimed, progress, text, () =>
    draft ? planner.edit(draft, text, context) : planner.plan(text, context),
  );
}

/** The document a reply edits: the draft, or for an activated thread the live workflow's newest version. */
async function currentDocument(
  s: CoreServices,
  turn: Turn,
  conversation: Conversation,
): Promise<WorkflowDocument | null> {
  if (conversation.status === 'active' && conversation.workflowId) {
    const workflow = await s.engine.getWorkflow(turn.actor.tenantId, conversation.workflowId);
    return workflow.document;
  }
  return (conversation.draft as WorkflowDocument | null) ?? null;
}

/** Records the planner's answer on the conversation and shows it in place of the progress message. */
async function settle(
  s: CoreServices,
  turn: Turn,
  conversation: Conversation,
  progress: MessageHandle,
  /** The reply being answered, for the transcript (null: the description, already in it). */
  said: string | null,
  call: () => Promise<PlanResult | EditResult>,
): Promise<void> {
  const outcome = await tryPlanner(s, call);
  const hadDraft = conversation.draft !== null && conversation.draft !== undefined;
  // Back to where it was when nothing new came of it (an activated thread stays active).
  const unchanged =
    conversation.status === 'planning' ? (hadDraft ? 'draft' : 'questions') : conversation.status;
  const user: TranscriptMessage[] = said === null ? [] : [{ role: 'user', content: said }];
  const record = (change: Parameters<typeof updateConversation>[2]) =>
    s.inTenant(turn.actor.tenantId, (tx) => updateConversation(tx, conversation.id, change));

  if (!outcome.ok) {
    await record({ status: unchanged, append: user, now: s.now() });
    await turn.responder.update(progress, say(outcome.message));
    return;
  }
  const result = outcome.result;
  switch (result.kind) {
    case 'workflow': {
      await record({
        status: 'draft',
        draft: result.document,
        questions: null,
        append: [
          ...user,
          { role: 'assistant', content: `Drafted “${result.document.name}”; shown as a preview.` },
        ],
        now: s.now(),
      });
      const updating = conversation.workflowId
        ? await workflowName(s, turn.actor.tenantId, conversation.workflowId)
        : undefined;
      await turn.responder.update(
        progress,
        previewMessage(conversation.id, result.preview, {
          ...('changes' in result ? { changes: result.changes } : {}),
          warnings: result.warnings.map((w) => w.message),
          ...(updating ? { updating } : {}),
        }),
      );
      return;
    }
    case 'questions': {
      const asked = result.questions.map((q) => q.question).join('\n');
      await record({
        status: unchanged,
        questions: result.questions,
        append: [...user, { role: 'assistant', content: asked }],
        now: s.now(),
      });
      await turn.responder.update(progress, questionsMessage(conversation.id, result.questions));
      return;
    }
    case 'refusal': {
      await record({
        status: hadDraft || conversation.workflowId ? unchanged : 'refused',
        append: [...user, { role: 'assistant', content: result.reason }],
        now: s.now(),
      });
      await turn.responder.update(progress, say(result.reason));
      return;
    }
  }
}

async function workflowName(s: CoreServices, tenantId: string, workflowId: string): Promise<string> {
  return (await s.engine.getWorkflow(tenantId, workflowId)).name;
}

/** Activate: creates (or updates) the workflow, makes it live, and says how it starts. */
export async function activateDraft(s: CoreServices, turn: Turn, conversationId: string): Promise<void> {
  const tenantId = turn.actor.tenantId;
  const conversation = await claimOwned(s, turn, conversationId, ['draft'], 'planning');
  if (conversation === null) return;
  const document = conversation.draft as WorkflowDocument;
  try {
    const workflow = conversation.workflowId
      ? await s.engine.updateWorkflow(tenantId, conversation.workflowId, document)
      : await s.engine.createWorkflow(tenantId, document, { createdBy: turn.actor.person });
    const activation = await s.engine.activateWorkflow(tenantId, workflow.id);
    await s.inTenant(tenantId, (tx) =>
      updateConversation(tx, conversation.id, { status: 'active', workflowId: workflow.id, now: s.now() }),
    );
    const preview = describe(document, turn.actor.locale ? { locale: turn.actor.locale } : {});
    await replaceClicked(turn, decidedPreviewMessage(preview, 'activated', turn.actor.person, s.now()));
    const messages = activationMessages(s.publicUrl, activation, preview);
    await turn.responder.post(messages.public);
    if (messages.secret) await turn.responder.postPrivate(messages.secret);
  } catch (error) {
    await s.inTenant(tenantId, (tx) =>
      updateConversation(tx, conversation.id, { status: 'draft', now: s.now() }),
    );
    const message = error instanceof Error ? error.message : String(error);
    s.logger.warn('chat: activation failed', { conversationId, error: message });
    await turn.responder.postPrivate(sorry(`Activation failed: ${message}`));
  }
}

/** Discard: drops the draft (a thread editing a live workflow keeps the workflow as it is). */
export async function discardDraft(s: CoreServices, turn: Turn, conversationId: string): Promise<void> {
  const conversation = await claimOwned(s, turn, conversationId, ['questions', 'draft'], 'discarded');
  if (conversation === null) return;
  if (conversation.workflowId) {
    await s.inTenant(turn.actor.tenantId, (tx) =>
      updateConversation(tx, conversation.id, { status: 'active', draft: null, now: s.now() }),
    );
  }
  const draft = conversation.draft as WorkflowDocument | null;
  if (draft) {
    await replaceClicked(
      turn,
      decidedPreviewMessage(describe(draft), 'discarded', turn.actor.person, s.now()),
    );
  }
  await turn.responder.post(
    say(
      conversation.workflowId
        ? 'Changes discarded; the live workflow stays as it was.'
        : 'Draft discarded. Describe another automation whenever you like.',
    ),
  );
}

/** Edit (with its prompt's answer): the same as replying in the thread. */
export async function editFromButton(
  s: CoreServices,
  turn: Turn,
  conversationId: string,
  instruction: string | undefined,
): Promise<void> {
  const conversation = await s.inTenant(turn.actor.tenantId, (tx) => getConversation(tx, conversationId));
  if (conversation === null || !['questions', 'draft', 'active'].includes(conversation.status)) {
    await turn.responder.postPrivate(sorry('This draft is closed; describe the automation again.'));
    return;
  }
  if (!instruction?.trim()) {
    await turn.responder.postPrivate(say('Reply in this thread with what should change.'));
    return;
  }
  await refineDraft(s, turn, conversation, instruction.trim());
}

/** Claims a conversation the actor owns; refuses others privately. */
async function claimOwned(
  s: CoreServices,
  turn: Turn,
  conversationId: string,
  from: Conversation['status'][],
  to: Conversation['status'],
): Promise<Conversation | null> {
  const tenantId = turn.actor.tenantId;
  const current = await s.inTenant(tenantId, (tx) => getConversation(tx, conversationId));
  if (current === null) {
    await turn.responder.postPrivate(sorry('That draft no longer exists.'));
    return null;
  }
  if (current.owner !== turn.actor.person) {
    await turn.responder.postPrivate(
      sorry(`Only ${current.owner.replace(/^email:/, '')}, who described this automation, can do that.`),
    );
    return null;
  }
  const claimed = await s.inTenant(tenantId, (tx) =>
    claimConversation(tx, conversationId, from, to, s.now()),
  );
  if (claimed === null) {
    const state: Record<string, string> = {
      active: 'It is already live.',
      discarded: 'It was discarded.',
      planning: 'It is being worked on right now.',
      questions: 'It has open questions; answer them first.',
      refused: 'It was declined.',
      draft: 'It is still a draft.',
    };
    await turn.responder.postPrivate(sorry(`That cannot be done now. ${state[current.status] ?? ''}`.trim()));
  }
  return claimed;
}

async function replaceClicked(
  turn: Turn,
  message: Parameters<Turn['responder']['update']>[1],
): Promise<void> {
  if (turn.incoming.kind === 'action' && turn.incoming.message) {
    await turn.responder.update(turn.incoming.message, message);
  }
}
