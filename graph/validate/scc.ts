/**
 * Strongly connected components (Tarjan), iterative so that a long chain of nodes cannot
 * overflow the call stack. Linear in nodes + edges.
 */

/**
 * The components of the graph given by `successors` (node i → successors[i]); `component[i]` is
 * the index of node i's component in `components`. Components come in reverse topological order:
 * a component's successors come before it.
 */
export function stronglyConnected(successors: readonly (readonly number[])[]): {
  components: number[][];
  component: number[];
} {
  const count = successors.length;
  const index = new Array<number>(count).fill(-1);
  const low = new Array<number>(count).fill(0);
  const onStack = new Array<boolean>(count).fill(false);
  const component = new Array<number>(count).fill(-1);
  const components: number[][] = [];
  const stack: number[] = [];
  let counter = 0;

  for (let root = 0; root < count; root++) {
    if (index[root] !== -1) continue;
    // Each frame is a node and the position of the next successor to visit.
    const frames: Array<[node: number, next: number]> = [[root, 0]];
    index[root] = low[root] = counter++;
    stack.push(root);
    onStack[root] = true;
    while (frames.length > 0) {
      const frame = frames[frames.length - 1]!;
      const [node, next] = frame;
      const edges = successors[node]!;
      if (next < edges.length) {
        frame[1] = next + 1;
        const target = edges[next]!;
        if (index[target] === -1) {
          index[target] = low[target] = counter++;
          stack.push(target);
          onStack[target] = true;
          frames.push([target, 0]);
        } else if (onStack[target]) {
          low[node] = Math.min(low[node]!, index[target]!);
        }
        continue;
      }
      frames.pop();
      const parent = frames[frames.length - 1];
      if (parent !== undefined) low[parent[0]] = Math.min(low[parent[0]]!, low[node]!);
      if (low[node] === index[node]) {
        const members: number[] = [];
        let member: number;
        do {
          member = stack.pop()!;
          onStack[member] = false;
          component[member] = components.length;
          members.push(member);
        } while (member !== node);
        components.push(members.sort((a, b) => a - b));
      }
    }
  }
  return { components, component };
}
