import { nodeLabel } from '../wording.js';
import { list, type NodeRule, object, repeats, text } from './rule.js';

/** Whitespace does not change a condition. */
function normalized(condition: string | undefined): string | undefined {
  return condition?.replace(/\s+/g, ' ').trim();
}

const duplicateCases: NodeRule = (node, { report }) => {
  const cases = list(node.raw.cases) ?? [];
  for (const i of repeats(cases, (c) => normalized(text(object(c)?.when)))) {
    report(
      'decision.duplicate_case',
      `${node.pointer}/cases/${i}/when`,
      `${nodeLabel(node)} case ${i + 1} has the same condition as an earlier case, so it is never taken (the first true case wins). Change its condition or remove it.`,
    );
  }
};

export const decisionRules: NodeRule[] = [duplicateCases];
