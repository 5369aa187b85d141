/** Sentences for the fields every step has: time limit, retry policy and the failure path. */
import { DEFAULT_RETRY } from '../schema/common.js';
import type { Node } from '../schema/node.js';
import { goTo, type StepContext } from './context.js';

export function commonDetails(node: Node, ctx: StepContext): string[] {
  const { m } = ctx;
  return [
    // An approval's timeout is its decision deadline, described with what happens when it passes.
    ...(node.timeout === undefined || node.type === 'approval'
      ? []
      : [m.attemptTimeout(m.duration(node.timeout))]),
    ...(node.retry === undefined ? [] : [retrySentence(node.retry, ctx)]),
    ...(node.onError === undefined ? [] : [m.onError(goTo(ctx, node.onError))]),
  ];
}

/** The effective policy: fields left out take GRAPH.md's defaults. */
function retrySentence(retry: NonNullable<Node['retry']>, { m }: StepContext): string {
  return m.retry(
    retry.maxAttempts ?? DEFAULT_RETRY.maxAttempts,
    m.duration(retry.initialDelay ?? DEFAULT_RETRY.initialDelay),
    retry.factor ?? DEFAULT_RETRY.factor,
    m.duration(retry.maxDelay ?? DEFAULT_RETRY.maxDelay),
  );
}
