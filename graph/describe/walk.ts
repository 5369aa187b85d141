/** Describes a graph step by step: the per-type parts, the common fields, then where the path goes. */
import { edgesOf } from '../registry.js';
import type { Node } from '../schema/node.js';
import { commonDetails } from './common.js';
import { type DocumentContext, type GraphKind, type StepContext, thenSentence } from './context.js';
import { describeStepParts } from './steps/registry.js';
import { stepName, stepNumber } from './tree.js';
import type { DescribedStep, DescribedTransition } from './types.js';

export function describeGraph(
  nodes: Node[],
  prefix: string,
  kind: GraphKind,
  doc: DocumentContext,
): DescribedStep[] {
  return nodes.map((node, i) =>
    describeStep(node, { ...doc, number: stepNumber(prefix, i), name: stepName(node), graph: kind }),
  );
}

function describeStep(node: Node, ctx: StepContext): DescribedStep {
  const parts = describeStepParts(node, ctx);
  return {
    number: ctx.number,
    id: node.id,
    type: node.type,
    name: ctx.name,
    summary: parts.summary,
    details: [...parts.details, ...commonDetails(node, ctx)],
    transitions: transitions(node, ctx),
    groups: parts.groups ?? [],
    onward: parts.onward === undefined ? null : thenSentence(ctx, parts.onward.next),
  };
}

function transitions(node: Node, ctx: StepContext): DescribedTransition[] {
  return edgesOf(node).map((edge) => ({
    label: edge.label,
    target: edge.target,
    step: ctx.places.get(edge.target)?.number ?? null,
  }));
}
