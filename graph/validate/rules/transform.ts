import { nodeLabel } from '../wording.js';
import { type NodeRule, object } from './rule.js';

const setsSomething: NodeRule = (node, { report }) => {
  const set = object(node.raw.set);
  if (set === undefined || Object.keys(set).length > 0) return;
  report(
    'transform.empty',
    `${node.pointer}/set`,
    `${nodeLabel(node)} sets no variables. Add entries to "set" (name → expression, such as { "total": "trigger.amount * 1.2" }) or remove the step.`,
  );
};

export const transformRules: NodeRule[] = [setsSomething];
