/**
 * The validator (GRAPH.md "Validation"). `validate(input)` returns every problem of a workflow
 * document at once, each with a stable code (`PROBLEM_CODES`, codes.ts), the JSON Pointer of the
 * offending field and a message that names the place and the fix. Errors block; warnings do not.
 *
 * Decisions worth knowing when reading the results:
 * - All at once: the graph checks (ids, edges, reachability, cycles, expressions, per-type rules)
 *   run on a tolerant reading of the input (model.ts) even when the schema rejects it.
 * - One problem per field: where a specific check and the schema flag the same field (an edge to
 *   a missing node, an empty graph, a bad cron), only the specific problem is kept (problems.ts).
 * - No consequences of one mistake reported as others: when some node's successors cannot be
 *   read (a malformed `next`), its graph's reachability, cycle and step-order checks are skipped;
 *   nodes never reached are not judged on step order; a node of unknown type has its edges
 *   guessed for reachability but not reported; an edge to a duplicated id leads to every node
 *   with that id.
 * - `steps.<id>` order (order.ts): a step is available after every path from it, in its graph or
 *   an enclosing one; a step inside a parallel branch or loop body is available after that
 *   parallel or loop node (from outside a loop it is warned about: it holds one iteration);
 *   branches of one parallel do not see each other's steps.
 * - `error` is expected on nodes an onError jump leads to, and inside graphs they contain.
 * - Graphs nested more than 32 deep are not read (`schema.too_complex`).
 */
export { PROBLEM_CODES, type ProblemCode, type Severity } from './codes.js';
export type { Problem } from './problems.js';
export { type ValidationResult, validate } from './validate.js';
