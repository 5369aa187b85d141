import { RUN_ROOTS } from '../analysis.js';
import { nodeLabel } from '../wording.js';
import { type NodeRule, text } from './rule.js';

/** The item name must not hide a context variable the body needs. */
const bindingShadows: NodeRule = (node, { report }) => {
  const name = text(node.raw.as);
  if (name === undefined || !(RUN_ROOTS.includes(name) || name === 'index')) return;
  report(
    'loop.binding_shadows',
    `${node.pointer}/as`,
    `${nodeLabel(node)} names its item "${name}", which hides the context variable "${name}" in the body. Use another name, such as "item" or "line".`,
  );
};

const concurrencyWithinMaxItems: NodeRule = (node, { report }) => {
  const { concurrency, maxItems } = node.raw;
  if (typeof concurrency !== 'number' || typeof maxItems !== 'number' || concurrency <= maxItems) return;
  report(
    'loop.concurrency_above_max_items',
    `${node.pointer}/concurrency`,
    `${nodeLabel(node)} runs up to ${concurrency} iterations at once but allows at most ${maxItems} items. Lower "concurrency" to at most ${maxItems}.`,
  );
};

export const loopRules: NodeRule[] = [bindingShadows, concurrencyWithinMaxItems];
