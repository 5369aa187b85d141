/**
 * What an expression reads, found by walking its AST: the context variables it uses and the
 * steps it reads through `steps`. The validator uses this to reject unknown variables and to warn
 * about `steps.<id>` reads of a step that cannot have run yet.
 */
import type { ASTNode } from '@marcbachmann/cel-js';
import { ENVIRONMENT_CONSTANTS } from './environment.js';

export interface ExpressionAnalysis {
  /** Context variables read (free identifiers), sorted: `trigger`, `steps`, `item`, … */
  readonly roots: readonly string[];
  /** Step ids read as `steps.<id>` or `steps["<id>"]`, sorted. */
  readonly stepIds: readonly string[];
  /** Whether `steps` is read other than through a literal id (`steps[name]`, `size(steps)`). */
  readonly readsAnyStep: boolean;
  /** Functions, methods and macros called, sorted (`exists`, `lower`, `now`, …). */
  readonly functions: readonly string[];
}

/** The variable holding step outputs. */
const STEPS = 'steps';

/** Macros whose first argument names a variable bound in the following arguments. */
const COMPREHENSIONS: Readonly<Record<string, readonly number[]>> = {
  all: [2],
  exists: [2],
  exists_one: [2],
  filter: [2],
  map: [2, 3],
};

class Reads {
  readonly roots = new Set<string>();
  readonly stepIds = new Set<string>();
  readsAnyStep = false;
  /** Each function called, with the position of its first call. */
  readonly calls = new Map<string, number>();

  root(name: string): void {
    if (!ENVIRONMENT_CONSTANTS.has(name)) this.roots.add(name);
  }

  call(name: string, position: number): void {
    if (!this.calls.has(name)) this.calls.set(name, position);
  }

  toAnalysis(): ExpressionAnalysis {
    return {
      roots: [...this.roots].sort(),
      stepIds: [...this.stepIds].sort(),
      readsAnyStep: this.readsAnyStep,
      functions: [...this.calls.keys()].sort(),
    };
  }
}

type Scope = ReadonlySet<string>;

function isFreeId(node: ASTNode, scope: Scope, name: string): boolean {
  return node.op === 'id' && node.args === name && !scope.has(name);
}

/** `steps.<id>` and `steps["<id>"]`: records the step and returns true. */
function readStep(node: ASTNode, scope: Scope, reads: Reads): boolean {
  if (node.op === '.' || node.op === '.?') {
    if (!isFreeId(node.args[0], scope, STEPS)) return false;
    reads.root(STEPS);
    reads.stepIds.add(node.args[1]);
    return true;
  }
  if (node.op === '[]' || node.op === '[?]') {
    const [target, key] = node.args;
    if (!isFreeId(target, scope, STEPS) || key.op !== 'value' || typeof key.args !== 'string') return false;
    reads.root(STEPS);
    reads.stepIds.add(key.args);
    return true;
  }
  return false;
}

function bindingName(node: ASTNode | undefined): string | undefined {
  return node?.op === 'id' ? node.args : undefined;
}

/** `list.exists(x, …)`, `list.map(x, …)`, `cel.bind(x, value, …)`: walks with `x` bound. */
function walkMacro(node: ASTNode & { op: 'rcall' }, scope: Scope, reads: Reads): boolean {
  const [name, receiver, args] = node.args;
  const variable = bindingName(args[0]);
  if (variable === undefined) return false;
  const inner = new Set(scope).add(variable);
  // Own properties only: a method named like an Object.prototype member (`x.constructor(…)`) is no macro.
  if (Object.hasOwn(COMPREHENSIONS, name) && COMPREHENSIONS[name]?.includes(args.length)) {
    walk(receiver, scope, reads);
    for (const arg of args.slice(1)) walk(arg, inner, reads);
    return true;
  }
  if (name === 'bind' && args.length === 3 && isFreeId(receiver, scope, 'cel')) {
    walk(args[1]!, scope, reads);
    walk(args[2]!, inner, reads);
    return true;
  }
  return false;
}

function walk(node: ASTNode, scope: Scope, reads: Reads): void {
  if (readStep(node, scope, reads)) return;
  switch (node.op) {
    case 'value':
      return;
    case 'id':
      if (scope.has(node.args)) return;
      reads.root(node.args);
      if (node.args === STEPS) reads.readsAnyStep = true;
      return;
    case '.':
    case '.?':
      walk(node.args[0], scope, reads);
      return;
    case 'call':
      reads.call(node.args[0], node.start);
      for (const arg of node.args[1]) walk(arg, scope, reads);
      return;
    case 'rcall': {
      reads.call(node.args[0], node.start);
      if (walkMacro(node, scope, reads)) return;
      walk(node.args[1], scope, reads);
      for (const arg of node.args[2]) walk(arg, scope, reads);
      return;
    }
    case 'map':
      for (const [key, value] of node.args) {
        walk(key, scope, reads);
        walk(value, scope, reads);
      }
      return;
    case '!_':
    case '-_':
      walk(node.args, scope, reads);
      return;
    default:
      // Binary operators, `[]`, `? :`, `&&`, `||` and list literals: an array of operands.
      for (const arg of node.args) walk(arg, scope, reads);
  }
}

/** The operands of a node, for walks that do not care about scope. */
function childrenOf(node: ASTNode): ASTNode[] {
  switch (node.op) {
    case 'value':
    case 'id':
      return [];
    case '.':
    case '.?':
      return [node.args[0]];
    case 'call':
      return node.args[1];
    case 'rcall':
      return [node.args[1], ...node.args[2]];
    case 'map':
      return node.args.flat();
    case '!_':
    case '-_':
      return [node.args];
    default:
      return node.args;
  }
}

/** Height of the AST, computed without recursion so that it is safe on any parsed input. */
export function astHeight(root: ASTNode): number {
  let height = 0;
  const pending: Array<[ASTNode, number]> = [[root, 1]];
  while (pending.length > 0) {
    const [node, depth] = pending.pop()!;
    height = Math.max(height, depth);
    for (const child of childrenOf(node)) pending.push([child, depth + 1]);
  }
  return height;
}

/** What `root` reads, and where each function is first called (for messages). */
export function readsOf(root: ASTNode): { analysis: ExpressionAnalysis; calls: ReadonlyMap<string, number> } {
  const reads = new Reads();
  walk(root, new Set(), reads);
  return { analysis: reads.toAnalysis(), calls: reads.calls };
}

/** What a set of expressions reads together (the holes of a template). */
export function mergeAnalyses(analyses: readonly ExpressionAnalysis[]): ExpressionAnalysis {
  const union = (pick: (analysis: ExpressionAnalysis) => readonly string[]) =>
    [...new Set(analyses.flatMap(pick))].sort();
  return {
    roots: union((analysis) => analysis.roots),
    stepIds: union((analysis) => analysis.stepIds),
    readsAnyStep: analyses.some((analysis) => analysis.readsAnyStep),
    functions: union((analysis) => analysis.functions),
  };
}
