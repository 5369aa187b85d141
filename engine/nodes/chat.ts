import {
  canonicalReference,
  type ExpressionContext,
  ExpressionError,
  type Json,
  parseReference,
  renderTemplate,
} from '../../graph/index.js';
import { PermanentStepError } from '../errors.js';
import type { Executor, StepInput } from '../executor.js';
import { idempotencyKeyOf } from '../idempotency.js';
import type { Notifier } from '../notifier.js';
import { noPeopleDirectory, type PeopleDirectory } from '../people-directory.js';

/**
 * The `chat` step: posts a Markdown message through the notifier port to a person, the requester,
 * each member of a group, or a channel. Each person is reached where the directory says they are
 * (`email:ann@x.org` who linked Slack gets a Slack message), as task requests are. The idempotency
 * key of each post derives from the step (and the member, for groups), so a retried step does not
 * post twice.
 */

export interface ChatExecutorOptions {
  notifier: Notifier;
  /** Expands `group:` references and says where each person is reached; default knows nobody. */
  directory?: PeopleDirectory;
}

export function createChatExecutor(options: ChatExecutorOptions): Executor<'chat'> {
  const directory = options.directory ?? noPeopleDirectory;
  return async (input) => {
    const text = renderText(input);
    const recipients = await recipientsOf(input, directory);
    const baseKey = idempotencyKeyOf(input.stepKey, 'chat');
    const posted = [];
    for (const recipient of recipients) {
      const idempotencyKey = recipients.length === 1 ? baseKey : `${baseKey}/${recipient}`;
      const to = await directory.contactOf(input.tenantId, recipient);
      const message = await options.notifier.postMessage({
        tenantId: input.tenantId,
        runId: input.runId,
        to,
        text,
        idempotencyKey,
      });
      posted.push({ to, messageId: message.messageId, channel: message.channel });
    }
    const first = posted[0]!;
    const output: Record<string, Json> = { messageId: first.messageId, channel: first.channel };
    if (posted.length > 1) output.messages = posted;
    return { output };
  };
}

function renderText(input: StepInput<'chat'>): string {
  try {
    return renderTemplate(input.node.text, input.context as ExpressionContext, { now: input.now });
  } catch (error) {
    if (!(error instanceof ExpressionError)) throw error;
    throw new PermanentStepError('chat.template', `The message could not be rendered: ${error.message}`, {
      cause: error,
    });
  }
}

/** The references to post to, canonical (so one person named in two spellings gets one post). */
async function recipientsOf(input: StepInput<'chat'>, directory: PeopleDirectory): Promise<string[]> {
  const to = input.node.to;
  const reference = parseReference(to);
  if (reference === null) {
    throw new PermanentStepError(
      'chat.invalid_recipient',
      `"${to.slice(0, 200)}" is not a person, group or channel reference.`,
    );
  }
  if (reference.kind === 'requester') {
    const requester = input.context.run.requester;
    if (!requester) {
      throw new PermanentStepError(
        'chat.no_requester',
        'The message goes to "requester", but this run was not started by a known person (webhook, schedule or event).',
      );
    }
    return [canonicalReference(requester)];
  }
  if (reference.kind !== 'group') return [canonicalReference(to)];
  const members = await directory.groupMembers(input.tenantId, reference.name);
  if (members === null)
    throw new PermanentStepError(
      'chat.unknown_group',
      `There is no group "${reference.name}" in this workspace.`,
    );
  if (members.length === 0)
    throw new PermanentStepError('chat.empty_group', `The group "${reference.name}" has no members.`);
  return [...new Set(members.map(canonicalReference))];
}
