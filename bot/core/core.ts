/**
 * The conversation core: routes each incoming (already authenticated by its adapter) to one
 * small handler — task buttons, draft buttons, the run form, command words, a description, or a
 * reply in a draft's thread — and never leaves a person without an answer.
 */
import { findOpenConversation } from '../../store/index.js';
import { TASK_ACTIONS } from './cards.js';
import { RUN_ACTION, runCommand, submitRunForm } from './commands.js';
import { type ConversationCoreDeps, type CoreServices, servicesOf } from './deps.js';
import { DRAFT_ACTIONS } from './draft-messages.js';
import { activateDraft, describeAutomation, discardDraft, editFromButton, refineDraft } from './drafts.js';
import { helpMessage } from './help.js';
import { looksLikeDescription, parseIntent } from './intent.js';
import type { ConversationCore, Incoming, Responder } from './model.js';
import { sorry } from './say.js';
import { handleTaskAction } from './task-actions.js';
import { type Turn, turnOf } from './turn.js';

/** Words that stay commands inside a draft's thread; anything else there refines the draft. */
const THREAD_COMMANDS = new Set(['help', 'discard', 'new', 'list', 'status', 'tasks']);

export function createConversationCore(deps: ConversationCoreDeps): ConversationCore {
  const s = servicesOf(deps);
  return {
    async handle(incoming, responder) {
      const turn = turnOf(incoming, responder);
      try {
        await route(s, turn, incoming);
      } catch (error) {
        s.logger.error('chat: handling failed', { kind: incoming.kind, error });
        await safely(
          responder,
          'Something went wrong on my side; the error is in the server log. Try again.',
        );
      }
    },
  };
}

async function route(s: CoreServices, turn: Turn, incoming: Incoming): Promise<void> {
  if (incoming.kind === 'action') return routeAction(s, turn, incoming);
  const text = incoming.text.trim();
  const intent = parseIntent(text);
  const open = await s.inTenant(turn.actor.tenantId, (tx) =>
    findOpenConversation(tx, {
      platform: turn.where.platform,
      channel: turn.where.channel,
      thread: turn.where.thread,
    }),
  );
  if (intent.kind === 'command' && (open === null || THREAD_COMMANDS.has(intent.command))) {
    return runCommand(s, turn, intent);
  }
  if (open !== null && text !== '') return refineDraft(s, turn, open, text);
  if (text !== '' && looksLikeDescription(text)) return describeAutomation(s, turn, text);
  await turn.responder.post(helpMessage(text === '' ? {} : { unrecognised: text }));
}

async function routeAction(s: CoreServices, turn: Turn, incoming: Extract<Incoming, { kind: 'action' }>) {
  const inputs = incoming.inputs ?? {};
  switch (incoming.actionId) {
    case TASK_ACTIONS.approve:
    case TASK_ACTIONS.reject:
    case TASK_ACTIONS.submit:
      return handleTaskAction(s, turn, incoming.actionId, incoming.value, inputs);
    case DRAFT_ACTIONS.activate:
      return activateDraft(s, turn, incoming.value);
    case DRAFT_ACTIONS.discard:
      return discardDraft(s, turn, incoming.value);
    case DRAFT_ACTIONS.edit:
      return editFromButton(s, turn, incoming.value, inputs.comment);
    case RUN_ACTION:
      return submitRunForm(s, turn, incoming.value, inputs);
    default:
      await turn.responder.postPrivate(
        sorry(`This button (${incoming.actionId}) is not known here any more.`),
      );
  }
}

async function safely(responder: Responder, text: string): Promise<void> {
  try {
    await responder.postPrivate(sorry(text));
  } catch {
    // The adapter is failing too; the error is logged already.
  }
}
