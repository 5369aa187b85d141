import type { NodeOf } from '../../schema/node.js';
import type { StepDescriber } from '../context.js';
import type { Messages } from '../messages/catalogue.js';
import { code, gist, list } from '../words/inline.js';

export const describeLlm: StepDescriber<'llm'> = (node, { m }) => ({
  summary: m.llm(m.quote(gist(node.prompt))),
  details: [answer(node, m)],
  onward: { next: node.next },
});

function answer(node: NodeOf<'llm'>, m: Messages): string {
  if (node.output !== 'json') return m.llmText;
  if (node.schema === undefined) return m.llmJson;
  const properties = node.schema.properties;
  const fields =
    properties !== null && typeof properties === 'object' && !Array.isArray(properties)
      ? Object.keys(properties)
      : [];
  return fields.length === 0 ? m.llmSchemaOnly : m.llmSchema(list(fields.map(code), m), fields.length);
}
