import { parseDuration } from '../../duration.js';
import { NODE_SPECS } from '../../registry.js';
import { nodeLabel } from '../wording.js';
import { type NodeRule, object, text } from './rule.js';

/** Retries repeat side effects that failed; other steps have nothing to retry. */
const retryNeedsSideEffects: NodeRule = (node, { report }) => {
  if (node.raw.retry === undefined || node.type === undefined || NODE_SPECS[node.type].sideEffects) return;
  report(
    'retry.no_side_effects',
    `${node.pointer}/retry`,
    `${nodeLabel(node)} is a ${node.type} step, which has no side effects to retry, so "retry" does nothing. Remove it.`,
  );
};

const retryDelays: NodeRule = (node, { report }) => {
  const retry = object(node.raw.retry);
  const initial = text(retry?.initialDelay);
  const max = text(retry?.maxDelay);
  if (initial === undefined || max === undefined) return;
  const initialMs = parseDuration(initial);
  const maxMs = parseDuration(max);
  if (initialMs === null || maxMs === null || initialMs <= maxMs) return;
  report(
    'retry.delay_order',
    `${node.pointer}/retry/initialDelay`,
    `${nodeLabel(node)} waits ${initial} before its first retry but caps delays at ${max}. Make "initialDelay" at most "maxDelay".`,
  );
};

/** Rules for every node type. */
export const commonRules: NodeRule[] = [retryNeedsSideEffects, retryDelays];
