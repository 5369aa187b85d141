/**
 * `wait`: for a duration, until a time, or until a matching event. Timers are jobs with `runAt`;
 * nothing sleeps in memory. An event published before the run reached the wait is kept in
 * `pending_events` and consumed here. Without `onTimeout`, an event wait that times out fails
 * with `wait.timeout` (so `onError` applies).
 */
import { evaluateExpression, type Json, type NodeOf, parseDuration } from '../../graph/index.js';
import type { CoreNode } from '../core-node.js';
import { stepErrorOf } from '../core-node.js';
import type { RunContext } from '../executor.js';
import { consumeEvent, lockEventName, selectOpenEvents } from '../sql/events.js';
import type { StepRow } from '../sql/steps.js';
import type { Transition } from '../transition.js';

export const waitNode: CoreNode<'wait'> = {
  async start(t, step, node) {
    if (node.for !== undefined) {
      await t.wait(
        step,
        { wakeAt: new Date(t.now.getTime() + (parseDuration(node.for) ?? 0)).toISOString() },
        wakeAt(t, node.for),
      );
      return;
    }
    if (node.until !== undefined) {
      let until: Date;
      try {
        const value = evaluateExpression(node.until, await t.context(step.scope, step.state), { now: t.now });
        until = new Date(typeof value === 'number' ? value * 1000 : String(value));
        if (Number.isNaN(until.getTime()))
          throw new Error(`"until" gave ${JSON.stringify(value)}, which is not a time`);
      } catch (error) {
        await t.fail(step, stepErrorOf(node, 'wait.invalid_until', error));
        return;
      }
      if (until.getTime() <= t.now.getTime()) await t.succeed(step, {});
      else await t.wait(step, { wakeAt: until.toISOString() }, until);
      return;
    }
    if (node.event !== undefined) {
      await lockEventName(t.tx, node.event.name);
      const context = await t.context(step.scope, step.state);
      for (const event of await selectOpenEvents(t.tx, node.event.name, t.run.created_at)) {
        if (!eventMatches(node, context, event.payload, t.now)) continue;
        await consumeEvent(t.tx, event.id, `${t.run.id}/${step.key}`, t.now);
        await t.succeed(step, { event: event.payload });
        return;
      }
      const deadline = node.event.timeout === undefined ? null : wakeAt(t, node.event.timeout);
      await t.wait(step, { event: node.event.name, deadline: deadline?.toISOString() ?? null }, deadline);
    }
  },

  async wake(t, step, node) {
    const due = step.state.wakeAt ?? step.state.deadline;
    if (typeof due !== 'string') return;
    if (new Date(due).getTime() > t.now.getTime()) return;
    await t.event('step.resumed', step.key, { node: node.id, reason: node.event ? 'timeout' : 'time' });
    if (node.event === undefined) {
      await t.succeed(step, {});
    } else if (node.onTimeout !== undefined) {
      await t.succeed(step, {}, node.onTimeout);
    } else {
      await t.fail(step, {
        code: 'wait.timeout',
        message: `No ${node.event.name} event came within ${node.event.timeout}; set onTimeout to continue elsewhere.`,
        node: node.id,
      });
    }
  },
};

function wakeAt(t: Transition, duration: string): Date {
  return new Date(t.now.getTime() + (parseDuration(duration) ?? 0));
}

/** Whether the event's payload passes the wait's `match` (an error counts as no match). */
export function eventMatches(node: NodeOf<'wait'>, context: RunContext, payload: Json, now: Date): boolean {
  const match = node.event?.match;
  if (match === undefined) return true;
  try {
    return evaluateExpression(match, { ...context, event: payload }, { now }) === true;
  } catch {
    return false;
  }
}

/** A published event reached a waiting step: it resumes with the payload. */
export async function deliverEvent(t: Transition, step: StepRow, payload: Json): Promise<void> {
  await t.event('step.resumed', step.key, { node: step.node_id, reason: 'event' });
  await t.succeed(step, { event: payload });
}
