import { nodeLabel } from '../wording.js';
import type { NodeRule } from './rule.js';

const schemaNeedsJson: NodeRule = (node, { report }) => {
  if (node.raw.schema === undefined || node.raw.output === 'json') return;
  report(
    'llm.schema_without_json',
    `${node.pointer}/schema`,
    `${nodeLabel(node)} has a "schema" but its output is ${node.raw.output === undefined ? 'text (the default)' : JSON.stringify(node.raw.output)}. Set "output": "json" to get an answer checked against the schema, or remove "schema".`,
  );
};

export const llmRules: NodeRule[] = [schemaNeedsJson];
