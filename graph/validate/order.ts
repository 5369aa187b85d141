/**
 * Which steps can have run before a given node, for `steps.<id>` reads, and where `error` is set.
 *
 * A step S can have run before a node N when, in the innermost graph holding both (each seen
 * through the parallel or loop node that contains it there), S's node leads to N's node. The
 * same node counts only when it is on a cycle (it may have run on an earlier pass). So:
 *
 * - a step earlier on some path of the same graph, or of an enclosing graph, is available;
 * - a step inside a parallel branch or loop body is available after that parallel or loop node;
 *   read from outside a loop, though, it holds only one iteration's output, which is warned
 *   about separately (`steps.<loop id>` lists every iteration's result);
 * - steps of another branch of the same parallel are not: branches run at the same time;
 * - a parallel or loop node's own fields (`items`) are evaluated before its graphs run.
 *
 * `error` is set after an onError jump: on the onError target, on every node it leads to, and
 * inside the graphs those nodes contain.
 */
import type { Flows } from './flow.js';
import { reach } from './flow.js';
import type { GraphEntry, NodeEntry } from './model.js';

export type StepAvailability =
  /** The step can have run before the node. */
  | 'available'
  /** It can have run, but it is inside a loop body the node is outside of. */
  | 'inside_loop'
  /** No path leads from the step to the node. */
  | 'not_before'
  /** The order cannot be known (a graph's edges could not be read). */
  | 'unknown';

/** The node and the parallel/loop nodes enclosing it, innermost first. */
function chainOf(node: NodeEntry): NodeEntry[] {
  const chain = [node];
  for (let at = node.graph.container; at !== undefined; at = at.graph.container) chain.push(at);
  return chain;
}

export class RunOrder {
  readonly #errorScope = new Set<NodeEntry>();
  readonly #errorScopeKnown = new Set<GraphEntry>();

  constructor(private readonly flows: Flows) {
    this.#markErrorScope();
  }

  /** Whether `step` can have run before `use` is evaluated. */
  availability(step: NodeEntry, use: NodeEntry): StepAvailability {
    const useChain = new Map<GraphEntry, NodeEntry>();
    for (const node of chainOf(use)) useChain.set(node.graph, node);
    const stepChain = chainOf(step);
    let throughLoop = false;
    for (const holder of stepChain) {
      const there = useChain.get(holder.graph);
      if (there === undefined) {
        if (holder !== step && holder.type === 'loop') throughLoop = true;
        continue;
      }
      const flow = this.flows.get(holder.graph);
      if (flow === undefined || !flow.graph.edgesKnown) return 'unknown';
      if (holder !== step && holder.type === 'loop' && holder !== there) throughLoop = true;
      const before = flow.leadsTo(holder, there);
      if (!before) return 'not_before';
      return throughLoop ? 'inside_loop' : 'available';
    }
    return 'unknown';
  }

  /** Whether a run can get to `node`: false when it or a node containing it is unreachable. */
  reachable(node: NodeEntry): boolean {
    for (const holder of chainOf(node)) {
      const flow = this.flows.get(holder.graph);
      if (flow?.graph.edgesKnown && flow.hasEntry && !flow.reachable[flow.position.get(holder)!])
        return false;
    }
    return true;
  }

  /** Whether `error` can be set when `node` runs (true when it cannot be known). */
  errorAvailable(node: NodeEntry): boolean {
    for (const holder of chainOf(node)) {
      if (!this.#errorScopeKnown.has(holder.graph)) return true;
      if (this.#errorScope.has(holder)) return true;
    }
    return false;
  }

  #markErrorScope(): void {
    for (const [graph, flow] of this.flows) {
      if (!graph.edgesKnown) continue;
      this.#errorScopeKnown.add(graph);
      const starts: number[] = [];
      for (const node of graph.nodes) {
        for (const edge of node.edges) {
          if (edge.pointer !== '/onError') continue;
          for (const target of flow.local.get(edge.target) ?? []) starts.push(flow.position.get(target)!);
        }
      }
      if (starts.length === 0) continue;
      reach(flow.successors, starts).forEach((inScope, i) => {
        if (inScope) this.#errorScope.add(graph.nodes[i]!);
      });
    }
  }
}
