/** The semantic rules, by node type; the validator runs `commonRules` on every node. */
import type { NodeType } from '../../schema/node.js';
import { approvalRules } from './approval.js';
import { commonRules } from './common.js';
import { decisionRules } from './decision.js';
import { formRules } from './form.js';
import { httpRules } from './http.js';
import { llmRules } from './llm.js';
import { loopRules } from './loop.js';
import { parallelRules } from './parallel.js';
import { recordRules } from './record.js';
import type { NodeRule, RuleContext } from './rule.js';
import { transformRules } from './transform.js';
import { waitRules } from './wait.js';

export { checkManualInputs } from './trigger.js';

const RULES_BY_TYPE: Partial<Record<NodeType, NodeRule[]>> = {
  approval: approvalRules,
  decision: decisionRules,
  form: formRules,
  http: httpRules,
  llm: llmRules,
  loop: loopRules,
  parallel: parallelRules,
  record: recordRules,
  transform: transformRules,
  wait: waitRules,
};

export function checkNodeRules(context: RuleContext): void {
  for (const node of context.model.nodes) {
    for (const rule of commonRules) rule(node, context);
    if (node.type === undefined) continue;
    for (const rule of RULES_BY_TYPE[node.type] ?? []) rule(node, context);
  }
}
