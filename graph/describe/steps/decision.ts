import { goTo, type StepDescriber } from '../context.js';
import { conditionInWords } from '../words/condition.js';

export const describeDecision: StepDescriber<'decision'> = (node, ctx) => {
  const { m } = ctx;
  const cases = node.cases.map((c, i) =>
    (i === 0 ? m.firstCase : m.nextCase)(conditionInWords(c.when, m), goTo(ctx, c.next)),
  );
  return { summary: m.decision, details: [...cases, m.otherwise(goTo(ctx, node.default))] };
};
