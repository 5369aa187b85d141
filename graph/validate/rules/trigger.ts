import type { DocumentModel } from '../model.js';
import type { Report } from '../problems.js';
import { list, object, repeats, text } from './rule.js';

/** Manual inputs are read as trigger.<key>, so keys are unique. */
export function checkManualInputs(model: DocumentModel, report: Report): void {
  const trigger = model.trigger;
  if (trigger?.type !== 'manual') return;
  const inputs = list(trigger.inputs) ?? [];
  for (const i of repeats(inputs, (input) => text(object(input)?.key))) {
    const key = text(object(inputs[i])?.key);
    report(
      'trigger.duplicate_input',
      `/trigger/inputs/${i}/key`,
      `Manual input ${i + 1} has the key "${key}", which an earlier input already has; inputs are read as trigger.<key>, so keys must be unique. Rename one.`,
    );
  }
}
