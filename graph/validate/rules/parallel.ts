import { nodeLabel } from '../wording.js';
import { list, type NodeRule } from './rule.js';

const severalBranches: NodeRule = (node, { report }) => {
  if (list(node.raw.branches)?.length !== 1) return;
  report(
    'parallel.single_branch',
    `${node.pointer}/branches`,
    `${nodeLabel(node)} has one branch, so nothing runs in parallel. Add another branch, or put the branch's nodes in the enclosing graph instead.`,
  );
};

export const parallelRules: NodeRule[] = [severalBranches];
