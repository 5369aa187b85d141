import type { StepDescriber } from '../context.js';
import { excerpt, jsonFields } from '../words/inline.js';

export const describeEnd: StepDescriber<'end'> = (node, { m }) => {
  const status = node.status ?? 'completed';
  const summary =
    status === 'failed' ? m.endFailed : status === 'cancelled' ? m.endCancelled : m.endCompleted;
  return {
    summary,
    details: [
      ...(node.message === undefined ? [] : [m.sentence(m.message, m.quote(excerpt(node.message)))]),
      ...(node.output === undefined ? [] : [m.sentence(m.output, jsonFields(node.output, m))]),
    ],
  };
};
