/** One describer per node type; a new node type without one is a type error here. */
import type { Node, NodeType } from '../../schema/node.js';
import type { StepContext, StepDescriber, StepParts } from '../context.js';
import { describeApproval } from './approval.js';
import { describeChat } from './chat.js';
import { describeDecision } from './decision.js';
import { describeEmail } from './email.js';
import { describeEnd } from './end.js';
import { describeForm } from './form.js';
import { describeHttp } from './http.js';
import { describeLlm } from './llm.js';
import { describeLoop } from './loop.js';
import { describeParallel } from './parallel.js';
import { describeRecord } from './record.js';
import { describeSubworkflow } from './subworkflow.js';
import { describeTransform } from './transform.js';
import { describeWait } from './wait.js';

const DESCRIBERS: { [T in NodeType]: StepDescriber<T> } = {
  decision: describeDecision,
  approval: describeApproval,
  form: describeForm,
  email: describeEmail,
  chat: describeChat,
  http: describeHttp,
  record: describeRecord,
  transform: describeTransform,
  wait: describeWait,
  parallel: describeParallel,
  loop: describeLoop,
  llm: describeLlm,
  subworkflow: describeSubworkflow,
  end: describeEnd,
};

export function describeStepParts(node: Node, ctx: StepContext): StepParts {
  return (DESCRIBERS[node.type] as StepDescriber<NodeType>)(node, ctx);
}
