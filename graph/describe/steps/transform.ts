import type { StepDescriber } from '../context.js';
import { code } from '../words/inline.js';

export const describeTransform: StepDescriber<'transform'> = (node, { m }) => {
  const entries = Object.entries(node.set);
  return {
    summary: m.transform(entries.length),
    details: entries.map(([name, expression]) => m.setVariable(name, code(expression))),
    onward: { next: node.next },
  };
};
