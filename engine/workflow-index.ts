/** A workflow version's nodes by id (ids are unique across the whole document). */
import {
  analyzeExpression,
  analyzeTemplate,
  expressionsOf,
  graphsOf,
  type Node,
  type WorkflowDocument,
} from '../graph/index.js';
import { EngineError } from './errors.js';

export interface WorkflowIndex {
  document: WorkflowDocument;
  /** The node with this id anywhere in the document. */
  node(id: string): Node;
  /**
   * The ids of the steps the node's own expressions read (`steps.<id>`), or null when they may
   * read any (`steps[name]`, `size(steps)`) or do not parse.
   */
  stepsReadBy(id: string): readonly string[] | null;
  /** The id of the first node of the top-level graph. */
  entry: string;
}

export function indexWorkflow(document: WorkflowDocument): WorkflowIndex {
  const nodes = new Map<string, Node>();
  const reads = new Map<string, readonly string[] | null>();
  const visit = (list: readonly Node[]) => {
    for (const node of list) {
      nodes.set(node.id, node);
      for (const graph of graphsOf(node)) visit(graph.nodes as Node[]);
    }
  };
  visit(document.nodes);
  const index: WorkflowIndex = {
    document,
    entry: (document.nodes[0] as Node).id,
    node(id) {
      const node = nodes.get(id);
      if (node === undefined) {
        throw new EngineError(
          'workflow.unknown_node',
          `The workflow has no node ${id}; the version is corrupt.`,
        );
      }
      return node;
    },
    stepsReadBy(id) {
      if (!reads.has(id)) reads.set(id, stepsReadOf(index.node(id)));
      return reads.get(id) ?? null;
    },
  };
  return index;
}

function stepsReadOf(node: Node): readonly string[] | null {
  const ids = new Set<string>();
  for (const site of expressionsOf(node)) {
    let result: ReturnType<typeof analyzeExpression>;
    try {
      result = site.kind === 'template' ? analyzeTemplate(site.source) : analyzeExpression(site.source);
    } catch {
      return null;
    }
    if (!result.ok || result.analysis.readsAnyStep) return null;
    for (const id of result.analysis.stepIds) ids.add(id);
  }
  return [...ids];
}
