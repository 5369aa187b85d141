import { z } from 'zod';
import { ApprovalNode } from '../nodes/approval.js';
import { ChatNode } from '../nodes/chat.js';
import { DecisionNode } from '../nodes/decision.js';
import { EmailNode } from '../nodes/email.js';
import { EndNode } from '../nodes/end.js';
import { FormNode } from '../nodes/form.js';
import { HttpNode } from '../nodes/http.js';
import { LlmNode } from '../nodes/llm.js';
import { LoopNode } from '../nodes/loop.js';
import { ParallelNode } from '../nodes/parallel.js';
import { RecordNode } from '../nodes/record.js';
import { SubworkflowNode } from '../nodes/subworkflow.js';
import { TransformNode } from '../nodes/transform.js';
import { WaitNode } from '../nodes/wait.js';
import { provideNodeList } from './body.js';

/** Any node of the workflow language, by its `type`. */
export const Node: z.ZodDiscriminatedUnion<
  [
    typeof DecisionNode,
    typeof ApprovalNode,
    typeof FormNode,
    typeof EmailNode,
    typeof ChatNode,
    typeof HttpNode,
    typeof RecordNode,
    typeof TransformNode,
    typeof WaitNode,
    typeof ParallelNode,
    typeof LoopNode,
    typeof LlmNode,
    typeof SubworkflowNode,
    typeof EndNode,
  ]
> = z.discriminatedUnion('type', [
  DecisionNode,
  ApprovalNode,
  FormNode,
  EmailNode,
  ChatNode,
  HttpNode,
  RecordNode,
  TransformNode,
  WaitNode,
  ParallelNode,
  LoopNode,
  LlmNode,
  SubworkflowNode,
  EndNode,
]);

/** A graph: its first node is where it starts. */
export const NodeList: z.ZodArray<typeof Node> = z.array(Node).min(1).max(5000);
provideNodeList(NodeList);

export type Node = z.infer<typeof Node>;
export type NodeType = Node['type'];
export type NodeOf<T extends NodeType> = Extract<Node, { type: T }>;
