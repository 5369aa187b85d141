import type { NodeOf } from '../../schema/node.js';
import { goTo, type StepContext, type StepDescriber, thisStep, warn } from '../context.js';
import { conditionInWords } from '../words/condition.js';
import { code } from '../words/inline.js';

type Wait = NodeOf<'wait'>;

export const describeWait: StepDescriber<'wait'> = (node, ctx) => ({
  summary: summary(node, ctx),
  details: node.event === undefined ? timeoutWithoutEvent(node, ctx) : eventDetails(node, ctx),
  onward: { next: node.next },
});

function summary(node: Wait, { m }: StepContext): string {
  if (node.for !== undefined) return m.waitFor(m.duration(node.for));
  if (node.until !== undefined) return m.waitUntil(code(node.until));
  if (node.event !== undefined) return m.waitEvent(node.event.name);
  return m.waitNothing;
}

function eventDetails(node: Wait, ctx: StepContext): string[] {
  const { m } = ctx;
  const event = node.event!;
  const details = event.match === undefined ? [] : [m.eventMatch(conditionInWords(event.match, m))];
  if (event.timeout === undefined) return [...details, ...timeoutWithoutEvent(node, ctx)];
  details.push(m.eventTimeout(m.duration(event.timeout)));
  return node.onTimeout === undefined ? details : [...details, m.onTimeout(goTo(ctx, node.onTimeout))];
}

/** `onTimeout` only applies to an event wait with a timeout; say so rather than pretend it does. */
function timeoutWithoutEvent(node: Wait, ctx: StepContext): string[] {
  if (node.onTimeout !== undefined) {
    warn(
      ctx,
      'timeout_without_deadline',
      ctx.m.warnTimeoutWithoutDeadline(thisStep(ctx), goTo(ctx, node.onTimeout)),
    );
  }
  return [];
}
