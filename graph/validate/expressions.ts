/**
 * Expressions and templates: each parses; reads only variables that exist where it is evaluated;
 * `steps.<id>` names a node that can have run before (see order.ts); `error` only where an
 * onError jump can have led.
 */
import type { ExpressionSite } from '../registry.js';
import { analyzeSite, KNOWN_ROOTS, RUN_ROOTS } from './analysis.js';
import { closest, didYouMean } from './closest.js';
import type { DocumentModel, NodeEntry } from './model.js';
import type { RunOrder, StepAvailability } from './order.js';
import type { Report } from './problems.js';
import { listOf, nodeLabel, placeOf, quoteText } from './wording.js';

/** Where variables that exist only in some places can be read, for messages. */
const ONLY_IN: ReadonlyMap<string, string> = new Map([
  ['item', 'inside a loop body (or under the name the loop gives in "as")'],
  ['index', 'inside a loop body'],
  ['event', 'in a wait step\'s "event.match"'],
  ['record', 'in a record step\'s "where"'],
]);

export function checkNodeExpressions(model: DocumentModel, order: RunOrder, report: Report): void {
  for (const node of model.nodes) {
    for (const site of node.sites) checkSite(model, order, node, site, report);
  }
}

function checkSite(
  model: DocumentModel,
  order: RunOrder,
  node: NodeEntry,
  site: ExpressionSite,
  report: Report,
): void {
  const pointer = `${node.pointer}${site.pointer}`;
  // Named only when something is reported: most sites are fine, and naming costs.
  const place = () => placeOf(model, pointer);
  const result = analyzeSite(site.kind, site.source);
  if (!result.ok) {
    report('expression.syntax', pointer, syntaxMessage(place(), site.kind, site.source, result.message));
    return;
  }
  const { roots, stepIds } = result.analysis;
  const allowed = [...RUN_ROOTS, ...node.graph.bindings, ...site.bindings];
  const unknown = roots.filter((root) => !allowed.includes(root));
  if (unknown.length > 0) {
    report('expression.unknown_variable', pointer, unknownVariableMessage(place(), unknown, allowed));
  }
  // An unreachable node is reported as such; what it reads is judged once something leads to it.
  const reachable = order.reachable(node);
  if (roots.includes('error') && reachable && !order.errorAvailable(node)) {
    report(
      'expression.error_outside_handler',
      pointer,
      `${place()} reads "error", which is only set after an onError jump, and no onError leads to ${nodeLabel(node)}. Read "error" in the node an onError names (or after it), or add "onError" to the step whose failure you want to handle.`,
    );
  }
  if (roots.includes('steps')) {
    checkStepReads(model, order, node, pointer, place, stepIds, reachable, report);
  }
}

function syntaxMessage(place: string, kind: ExpressionSite['kind'], source: string, reason: string): string {
  const what = kind === 'template' ? 'template' : 'expression';
  const hint =
    kind === 'template' ? ' Templates are text with {{ expression }} holes.' : ' Expressions are CEL.';
  return `${place} is not a valid ${what} (${quoteText(source)}): ${reason}${hint}`;
}

function unknownVariableMessage(
  place: string,
  unknown: readonly string[],
  allowed: readonly string[],
): string {
  const hints = unknown.map((name) => {
    const only = ONLY_IN.get(name);
    if (only !== undefined) return `"${name}" exists only ${only}.`;
    const near = closest(name, allowed) ?? closest(name, KNOWN_ROOTS);
    if (near !== undefined && allowed.includes(near)) return `Did you mean "${near}" instead of "${name}"?`;
    return `If "${name}" is a field of the trigger payload, write trigger.${name}; a step's output is steps.<id>.${name}, a variable set by a transform is vars.${name}.`;
  });
  const verb = unknown.length === 1 ? 'is' : 'are';
  return `${place} reads ${listOf(unknown)}, which ${verb} not defined here. It can read ${listOf([...new Set(allowed)])}. ${hints.join(' ')}`;
}

const RANK: Readonly<Record<StepAvailability, number>> = {
  available: 3,
  unknown: 2,
  inside_loop: 1,
  not_before: 0,
};

function checkStepReads(
  model: DocumentModel,
  order: RunOrder,
  node: NodeEntry,
  pointer: string,
  place: () => string,
  stepIds: readonly string[],
  judgeOrder: boolean,
  report: Report,
): void {
  const missing: string[] = [];
  const late: NodeEntry[] = [];
  const inLoop: NodeEntry[] = [];
  for (const id of stepIds) {
    const candidates = model.byId.get(id);
    if (candidates === undefined) {
      missing.push(id);
      continue;
    }
    if (!judgeOrder) continue;
    // With duplicate ids (reported apart) any candidate will do.
    let best: { step: NodeEntry; availability: StepAvailability } | undefined;
    for (const step of candidates) {
      const availability = order.availability(step, node);
      if (best === undefined || RANK[availability] > RANK[best.availability]) best = { step, availability };
    }
    if (best?.availability === 'not_before') late.push(best.step);
    if (best?.availability === 'inside_loop') inLoop.push(best.step);
  }
  if (missing.length > 0) {
    const hints = missing.map((id) => didYouMean(id, model.byId.keys()).trim()).filter((h) => h !== '');
    report(
      'expression.unknown_step',
      pointer,
      `${place()} reads ${listOf(missing.map((id) => `steps.${id}`))}, but no node has ${missing.length === 1 ? 'that id' : 'those ids'}. steps.<id> is the output of the node with that id.${hints.length > 0 ? ` ${hints.join(' ')}` : ''}`,
    );
  }
  if (late.length > 0) {
    const names = late.map(nodeLabel).join(', ');
    const them = late.length === 1 ? 'it' : 'them';
    const concurrent = late.some((step) => step.graph !== node.graph)
      ? ' Steps in other branches of the same parallel run at the same time.'
      : '';
    report(
      'expression.step_not_before',
      pointer,
      `${place()} reads ${listOf(late.map((s) => `steps.${s.id}`))}, but ${names} cannot have run before ${nodeLabel(node)}: no path leads from ${them} to here.${concurrent} Read only steps that come earlier on the path, or move this read after ${late.length === 1 ? 'that step' : 'those steps'}.`,
    );
  }
  if (inLoop.length > 0) {
    report(
      'expression.step_inside_loop',
      pointer,
      `${place()} reads ${listOf(inLoop.map((s) => `steps.${s.id}`))} from outside the loop that contains ${inLoop.length === 1 ? 'it' : 'them'}, where ${inLoop.length === 1 ? 'it holds' : 'they hold'} only one iteration's output. Read the loop's own output, steps.<loop id>, which lists every iteration's result.`,
    );
  }
}

/** An event trigger's filter runs before the run exists: it sees only `trigger`. */
export function checkTriggerFilter(model: DocumentModel, report: Report): void {
  const trigger = model.trigger;
  if (trigger === undefined || trigger.type !== 'event' || typeof trigger.filter !== 'string') return;
  const pointer = '/trigger/filter';
  const place = placeOf(model, pointer);
  const result = analyzeSite('expression', trigger.filter);
  if (!result.ok) {
    report('expression.syntax', pointer, syntaxMessage(place, 'expression', trigger.filter, result.message));
    return;
  }
  const unknown = result.analysis.roots.filter((root) => root !== 'trigger');
  if (unknown.length > 0) {
    report(
      'expression.unknown_variable',
      pointer,
      `${place} reads ${listOf(unknown)}, but a trigger filter is evaluated before the run starts and can read only "trigger" (the event payload), as in trigger.amount > 100.`,
    );
  }
}
