/**
 * The work bound of an evaluation.
 *
 * CEL always terminates: it has no recursion, no user-defined functions and no loops other than
 * the comprehension macros (`all`, `exists`, `exists_one`, `map`, `filter`), which iterate over a
 * list that exists before the loop starts. Termination is not a time bound, though: `k` nested
 * macros over a list of `n` elements take `n^k` steps, and nested `cel.bind`s double a string or
 * list at each level. So every evaluation carries a budget of work units
 * (`EvaluationLimits.maxWork`) and fails with `ExpressionLimitError` as soon as it is spent:
 *
 * - every AST node evaluated costs 1, so a comprehension pays for each iteration of its body;
 * - an operator or function call pays for its operands as soon as they are evaluated, before it
 *   runs: their shallow size (one unit per list element or map entry, one per
 *   `CHARS_PER_WORK_UNIT` characters), or their deep size for `==`, `!=` and `in`, which compare
 *   deeply. An operation on a value too large for the budget is refused before it starts;
 * - a node that builds a value (arithmetic, calls, list and map literals, `map`/`filter`) also
 *   pays for the size of its result, which bounds memory as well as time.
 *
 * Reading a field or passing a value along (`.`, `[]`, `? :`, `&&`) does not copy, so it costs 1
 * whatever the size of the value. Time and memory are therefore linear in the budget; the one
 * operation that overdraws it is bounded by the size of its operands. A few built-ins are
 * superlinear in their input, so their input is capped instead (`duration()` text).
 *
 * cel-js 8 has no cost hook, so the meter is installed by instrumenting the parsed AST: each
 * node's `evaluate` property, which the library's evaluator calls for every node, is replaced by
 * a wrapper that charges the meter and then dispatches exactly as the library's own
 * `ASTNode.prototype.evaluate` does (to `meta.alternate`, `meta.macro` or `meta.evaluate`).
 * Comprehension macros are expanded at parse time into nodes reachable through `meta.alternate`,
 * so they are instrumented too. These are internals not covered by the typings;
 * `assertMeteringWorks()` (evaluate.ts) checks them on first use and refuses to evaluate if they
 * changed.
 */
import type { ASTNode } from '@marcbachmann/cel-js';
import { ExpressionEvaluationError, ExpressionLimitError } from './errors.js';
import { CHARS_PER_WORK_UNIT } from './limits.js';
import { activeSession } from './session.js';

type EvaluateFn = (this: unknown, evaluator: unknown, ast: unknown, ctx: unknown) => unknown;

/** The parts of a cel-js AST node that the meter relies on (library internals). */
interface InternalNode {
  readonly op: string;
  readonly args: unknown;
  readonly start: number;
  evaluate: EvaluateFn;
  readonly meta: {
    readonly evaluate: EvaluateFn;
    readonly alternate?: InternalNode;
    readonly macro?: { evaluate: EvaluateFn };
  };
}

/** How a node's value is charged when it is the operand of a node that builds a value. */
type OperandCost = 'none' | 'shallow' | 'deep' | 'membership' | 'strings' | 'durationText';

interface NodePlan {
  /** Whether the node builds a new value whose size it pays for. */
  builds: boolean;
  /** What the node's parent does with the node's value, charged as soon as the value exists. */
  operandCost: OperandCost;
  /**
   * For the step of `all`/`exists`: the value that ends the loop. Those macros catch errors and
   * carry on with the next element, so once the budget is spent the step returns this value
   * instead of failing once per remaining element; `evaluateCel` then reports the spent budget.
   */
  stopValue?: boolean;
}

/** Operators that pass a value along without copying it, or are the comprehension accumulator. */
const PASS_THROUGH = new Set([
  'value',
  'id',
  '.',
  '.?',
  '[]',
  '[?]',
  '?:',
  '&&',
  '||',
  '!_',
  'accuValue',
  'accuPush',
  'accuInc',
]);

const BINARY = new Set(['==', '!=', 'in', '+', '-', '*', '/', '%', '<', '<=', '>', '>=']);

/** How the arguments of some functions are charged instead of 'shallow'. */
const ARGUMENT_COSTS: Readonly<Record<string, OperandCost>> = {
  // Its cost does not grow with a list or map (a string's code points are still counted).
  size: 'strings',
  // cel-js parses durations with a regular expression that backtracks in cubic time.
  duration: 'durationText',
};

/** Longest text `duration()` accepts; "1h30m15.250s" needs 12. */
const MAX_DURATION_TEXT = 64;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function stringUnits(length: number): number {
  return Math.ceil(length / CHARS_PER_WORK_UNIT);
}

/** The work of touching `value` once without descending into it. */
function shallowUnits(value: unknown): number {
  if (typeof value === 'string') return stringUnits(value.length);
  if (value === null || typeof value !== 'object') return 0;
  if (Array.isArray(value)) return value.length;
  if (value instanceof Uint8Array) return stringUnits(value.length);
  if (value instanceof Map || value instanceof Set) return value.size;
  if (isPlainObject(value)) return Object.keys(value).length;
  return 0;
}

/** The budget of one evaluation. */
export class WorkMeter {
  readonly budget: number;
  #remaining: number;
  /** Thrown again on every charge once the budget is gone: cel-js catches and retries in macros. */
  #exhausted: ExpressionLimitError | undefined;

  constructor(budget: number) {
    this.budget = budget;
    this.#remaining = budget;
  }

  /** Units spent so far. */
  get spent(): number {
    return this.budget - Math.max(this.#remaining, 0);
  }

  /** The error of a spent budget, even if cel-js swallowed it (as `||` and `exists` may). */
  get exhausted(): ExpressionLimitError | undefined {
    return this.#exhausted;
  }

  /** Spends `units`; throws `ExpressionLimitError` once the budget is gone, and on every call after. */
  charge(units: number, position?: number): void {
    this.#remaining -= units;
    if (this.#remaining >= 0) return;
    this.#exhausted ??= this.#limitError(position);
    throw this.#exhausted;
  }

  #limitError(position?: number): ExpressionLimitError {
    return new ExpressionLimitError(
      'work',
      `The expression needs more than ${this.budget.toLocaleString('en')} units of work. It iterates ` +
        'over or builds too much, typically map/filter/exists nested inside one another over large lists, ' +
        'or strings and lists grown in a loop. Filter or slice the data first, avoid nesting macros ' +
        'over the same list, or split the work into a loop step.',
      position,
    );
  }

  /** Charges for every element, entry and character reachable from `value` (deep equality, `in`). */
  chargeDeep(value: unknown, position?: number): void {
    const pending: unknown[] = [value];
    while (pending.length > 0) {
      const item = pending.pop();
      this.charge(1 + shallowUnits(item), position);
      if (Array.isArray(item) || item instanceof Set) for (const element of item) pending.push(element);
      else if (item instanceof Map) for (const [key, element] of item) pending.push(key, element);
      else if (isPlainObject(item)) for (const key of Object.keys(item)) pending.push(item[key]);
    }
  }

  /** Charges for what the parent of an operand node will do with its `value`, before it does it. */
  chargeOperand(cost: OperandCost, value: unknown, position: number): void {
    if (cost === 'deep') this.chargeDeep(value, position);
    else if (cost === 'shallow') this.charge(shallowUnits(value), position);
    else if (cost === 'strings' && typeof value === 'string')
      this.charge(stringUnits(value.length), position);
    else if (cost === 'durationText') checkDurationText(value, position);
    else if (cost === 'membership' && (Array.isArray(value) || value instanceof Set)) {
      // `x in list` compares x with every element; `x in map` is a key lookup.
      this.chargeDeep(value, position);
    }
  }
}

function checkDurationText(value: unknown, position: number): void {
  if (typeof value !== 'string' || value.length <= MAX_DURATION_TEXT) return;
  throw new ExpressionEvaluationError(
    'invalid_argument',
    `duration() takes a short text such as "90m" or "1h30m", not ${value.length} characters.`,
    position,
  );
}

/** The operand nodes of a node that builds a value, with how each is charged. */
function operandsOf(node: InternalNode): Array<[InternalNode, OperandCost]> {
  const args = node.args as InternalNode[];
  if (node.op === 'in')
    return [
      [args[0]!, 'deep'],
      [args[1]!, 'membership'],
    ];
  if (BINARY.has(node.op)) {
    const cost = node.op === '==' || node.op === '!=' ? 'deep' : 'shallow';
    return args.map((arg) => [arg, cost]);
  }
  if (node.op === 'call' || node.op === 'rcall') {
    const [name] = node.args as [string];
    const cost = ARGUMENT_COSTS[name] ?? 'shallow';
    const operands =
      node.op === 'call'
        ? (args[1] as unknown as InternalNode[])
        : [args[1]!, ...(args[2] as unknown as InternalNode[])];
    return operands.map((operand) => [operand, cost]);
  }
  return [];
}

/** Nodes directly inside `value`: a node, or arrays and plain objects (macro state) holding nodes. */
function collectNodes(value: unknown, isNode: (v: unknown) => v is InternalNode, into: InternalNode[]): void {
  if (isNode(value)) into.push(value);
  else if (Array.isArray(value)) for (const item of value) collectNodes(item, isNode, into);
  else if (isPlainObject(value)) for (const key of Object.keys(value)) collectNodes(value[key], isNode, into);
}

function childrenOf(node: InternalNode, isNode: (v: unknown) => v is InternalNode): InternalNode[] {
  const children: InternalNode[] = [];
  if (node.op !== 'value' && node.op !== 'id') collectNodes(node.args, isNode, children);
  collectNodes(node.meta.alternate, isNode, children);
  collectNodes(node.meta.macro, isNode, children);
  return children;
}

function delegates(node: InternalNode): boolean {
  return node.meta.alternate !== undefined || node.meta.macro !== undefined;
}

/**
 * Does what the library's `ASTNode.prototype.evaluate` does, without replacing our wrapper. Type
 * checking, which may set `meta`, has run already, so the target is fixed.
 */
function dispatcher(node: InternalNode): EvaluateFn {
  const { alternate, macro, evaluate } = node.meta;
  if (alternate !== undefined) return (evaluator, _ast, ctx) => alternate.evaluate(evaluator, alternate, ctx);
  if (macro !== undefined) return (evaluator, _ast, ctx) => macro.evaluate(evaluator, macro, ctx);
  return (evaluator, ast, ctx) => evaluate.call(node, evaluator, ast, ctx);
}

function install(node: InternalNode, { builds, operandCost, stopValue }: NodePlan): void {
  const dispatch = dispatcher(node);
  const position = node.start;
  node.evaluate = (evaluator, ast, ctx) => {
    const meter = activeSession()?.meter;
    if (meter === undefined) throw new Error('Expressions are only evaluated through evaluateExpression().');
    if (stopValue !== undefined && meter.exhausted !== undefined) return stopValue;
    meter.charge(1, position);
    const result = dispatch(evaluator, ast, ctx);
    if (builds) meter.charge(shallowUnits(result), position);
    if (operandCost !== 'none') meter.chargeOperand(operandCost, result, position);
    return result;
  };
}

/** The comprehension state cel-js keeps in `args` (library internals). */
interface ComprehensionArgs {
  kind?: string;
  step?: InternalNode;
  condition?: (accumulator: unknown) => boolean;
}

/** Gives the step of an `all`/`exists` comprehension the value that makes the loop stop. */
function markQuantifierStep(node: InternalNode, plans: Map<InternalNode, NodePlan>): void {
  if (node.op !== 'comprehension') return;
  const { kind, step, condition } = node.args as ComprehensionArgs;
  if (kind !== 'quantifier' || step === undefined || typeof condition !== 'function') return;
  const plan = plans.get(step);
  // The loop goes on while condition(accumulator) holds: `all` stops on false, `exists` on true.
  if (plan !== undefined) plan.stopValue = !condition(true);
}

/**
 * Installs the meter on every node of a parsed and type-checked expression (type checking adds
 * nodes, e.g. for constants, so it must come first).
 */
export function instrument(root: ASTNode): void {
  const NodeClass = root.constructor;
  const isNode = (value: unknown): value is InternalNode => value instanceof NodeClass;
  const plans = new Map<InternalNode, NodePlan>();
  const pending: InternalNode[] = [root as unknown as InternalNode];
  while (pending.length > 0) {
    const node = pending.pop()!;
    if (plans.has(node)) continue;
    plans.set(node, { builds: !PASS_THROUGH.has(node.op) && !delegates(node), operandCost: 'none' });
    pending.push(...childrenOf(node, isNode));
  }
  for (const [node, plan] of plans) {
    markQuantifierStep(node, plans);
    if (!plan.builds) continue;
    for (const [operand, cost] of operandsOf(node)) {
      const operandPlan = plans.get(operand);
      if (operandPlan !== undefined) operandPlan.operandCost = cost;
    }
  }
  for (const [node, plan] of plans) install(node, plan);
}
