import type { WorkflowDocument } from '../schema/document.js';
import { compareJson } from './compare.js';
import { type LocatedStep, locateSteps, ownFields } from './locate.js';
import { movedSteps } from './moves.js';
import type { FieldChange, StepReference, WorkflowDiff } from './types.js';

/** What changed from `before` to `after`: document fields, trigger, and steps matched by id. */
export function diff(before: WorkflowDocument, after: WorkflowDocument): WorkflowDiff {
  const oldSteps = locateSteps(before.nodes);
  const newSteps = locateSteps(after.nodes);
  const moved = movedSteps(oldSteps, newSteps);
  return {
    document: documentChanges(before, after),
    trigger: triggerChanges(before, after),
    added: [...newSteps.values()].filter(({ node }) => !oldSteps.has(node.id)).map(reference),
    removed: [...oldSteps.values()].filter(({ node }) => !newSteps.has(node.id)).map(reference),
    changed: [...newSteps.values()].flatMap((now) => {
      const then = oldSteps.get(now.node.id);
      const changes = then === undefined ? [] : compareJson(ownFields(then.node), ownFields(now.node));
      return changes.length === 0 ? [] : [{ ...identity(now), changes }];
    }),
    moved: [...newSteps.values()]
      .filter(({ node }) => moved.has(node.id))
      .map((now) => ({ ...identity(now), from: oldSteps.get(now.node.id)!.location, to: now.location })),
  };
}

/** True when the two documents differ in anything `diff` reports. */
export function hasChanges(d: WorkflowDiff): boolean {
  return [d.document, d.trigger, d.added, d.removed, d.changed, d.moved].some((list) => list.length > 0);
}

function documentChanges(before: WorkflowDocument, after: WorkflowDocument): FieldChange[] {
  const { trigger: _t, nodes: _n, ...oldFields } = before;
  const { trigger: _u, nodes: _m, ...newFields } = after;
  return compareJson(oldFields, newFields);
}

/** A trigger of another type is one change of the whole trigger, not a list of unrelated fields. */
function triggerChanges(before: WorkflowDocument, after: WorkflowDocument): FieldChange[] {
  if (before.trigger.type !== after.trigger.type) {
    return [{ pointer: '/trigger', before: before.trigger, after: after.trigger }];
  }
  return compareJson(before.trigger, after.trigger, '/trigger');
}

function identity({ node }: LocatedStep) {
  return { id: node.id, type: node.type, name: node.name ?? node.id };
}

function reference(step: LocatedStep): StepReference {
  return { ...identity(step), location: step.location };
}
