/**
 * The validator: every rule of GRAPH.md "Validation" and the per-type rules, all problems at
 * once. The checks run on a tolerant reading of the input (model.ts) whether or not it satisfies
 * the schema, so that one round of repair can fix everything.
 */
import type { WorkflowDocument } from '../schema/document.js';
import { checkNodeExpressions, checkTriggerFilter } from './expressions.js';
import { analyzeFlows } from './flow.js';
import { checkHttpUrls, checkReferences, checkSchedule } from './formats.js';
import { type DocumentModel, MAX_GRAPH_DEPTH, readDocument } from './model.js';
import { RunOrder } from './order.js';
import { type Problem, ProblemCollector, type Report } from './problems.js';
import { checkManualInputs, checkNodeRules } from './rules/index.js';
import { checkSchema } from './schema-issues.js';
import {
  checkCycleExits,
  checkEdgeTargets,
  checkEmptyGraphs,
  checkReachability,
  checkUniqueIds,
} from './structure.js';

export interface ValidationResult {
  /** True when there are no errors (warnings allowed). */
  ok: boolean;
  /** The parsed document, present when there are no errors. */
  document?: WorkflowDocument;
  /** Problems that block the document, sorted by pointer. */
  errors: Problem[];
  /** Problems worth fixing that do not block it, sorted by pointer. */
  warnings: Problem[];
}

/** Checks a workflow document; never throws, whatever the input. */
export function validate(input: unknown): ValidationResult {
  const problems = new ProblemCollector();
  const report = problems.report;
  const model = guarded(report, () => readDocument(input)) ?? readDocument(undefined);
  const parsed = guarded(report, () => checkSchema(input, model, report));
  checkGraphs(model, report);
  const { errors, warnings } = problems.result();
  if (parsed === undefined && errors.length === 0) {
    // Unreachable unless a check is wrong; never report a document as valid without parsing it.
    report(
      'validator.internal',
      '',
      'The document was rejected by its schema, but no problem was reported. This is a bug in Switchboard.',
    );
    return { ok: false, ...problems.result() };
  }
  return errors.length === 0
    ? { ok: true, document: parsed, errors, warnings }
    : { ok: false, errors, warnings };
}

/** Everything but the schema: ids, edges, graph shape, expressions, formats, per-type rules. */
function checkGraphs(model: DocumentModel, report: Report): void {
  for (const pointer of model.tooDeep) {
    report(
      'schema.too_complex',
      pointer,
      `Graphs nest more than ${MAX_GRAPH_DEPTH} levels deep here (parallel and loop steps inside each other); the nodes below were not checked. Flatten the workflow or split it into subworkflows.`,
    );
  }
  guarded(report, () => checkUniqueIds(model, report));
  const flows = guarded(report, () => analyzeFlows(model));
  if (flows !== undefined) {
    guarded(report, () => checkEdgeTargets(model, flows, report));
    guarded(report, () => checkReachability(flows, report));
    guarded(report, () => checkCycleExits(flows, report));
    guarded(report, () => checkNodeExpressions(model, new RunOrder(flows), report));
  }
  guarded(report, () => checkEmptyGraphs(model, report));
  guarded(report, () => checkTriggerFilter(model, report));
  guarded(report, () => checkSchedule(model, report));
  guarded(report, () => checkManualInputs(model, report));
  guarded(report, () => checkReferences(model, report));
  guarded(report, () => checkHttpUrls(model, report));
  guarded(report, () => checkNodeRules({ model, report }));
}

/** Runs one check; a check that throws is a validator bug, reported instead of thrown. */
function guarded<T>(report: Report, check: () => T): T | undefined {
  try {
    return check();
  } catch (error) {
    report(
      'validator.internal',
      '',
      `The validator failed while checking this document (${error instanceof Error ? error.message : String(error)}). This is a bug in Switchboard, not in the document; the other problems listed are still valid.`,
    );
    return undefined;
  }
}
