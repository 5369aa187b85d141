import type { StepDescriber } from '../context.js';
import { jsonFields } from '../words/inline.js';

export const describeSubworkflow: StepDescriber<'subworkflow'> = (node, { m }) => ({
  summary: m.subworkflow(m.quote(node.workflow)),
  details: node.input === undefined ? [] : [m.sentence(m.workflowInput, jsonFields(node.input, m))],
  onward: { next: node.next },
});
