import { nodeLabel } from '../wording.js';
import { peopleOnly } from './people.js';
import { list, type NodeRule, object, repeats, text } from './rule.js';

/** `options` goes with type "select", and only with it. */
const selectOptions: NodeRule = (node, { report }) => {
  (list(node.raw.fields) ?? []).forEach((raw, i) => {
    const field = object(raw);
    const type = text(field?.type);
    if (field === undefined || type === undefined) return;
    const name = text(field.key) ?? `fields[${i}]`;
    if (type === 'select' && field.options === undefined) {
      report(
        'form.options_required',
        `${node.pointer}/fields/${i}/options`,
        `${nodeLabel(node)} field "${name}" has type "select" but no "options". Add "options": the choices, such as ["Sales", "Engineering"].`,
      );
    }
    if (type !== 'select' && field.options !== undefined) {
      report(
        'form.options_unexpected',
        `${node.pointer}/fields/${i}/options`,
        `${nodeLabel(node)} field "${name}" has "options" but type "${type}". Set "type": "select" to offer the choices, or remove "options".`,
      );
    }
    const options = list(field.options) ?? [];
    for (const k of repeats(options, text)) {
      report(
        'form.duplicate_option',
        `${node.pointer}/fields/${i}/options/${k}`,
        `${nodeLabel(node)} field "${name}" lists the option "${options[k]}" more than once. Remove the repeat.`,
      );
    }
  });
};

const uniqueKeys: NodeRule = (node, { report }) => {
  const fields = list(node.raw.fields) ?? [];
  for (const i of repeats(fields, (field) => text(object(field)?.key))) {
    const key = text(object(fields[i])?.key);
    report(
      'form.duplicate_key',
      `${node.pointer}/fields/${i}/key`,
      `${nodeLabel(node)} has two fields with the key "${key}"; the values are read as steps.${node.id ?? '<id>'}.values.<key>, so keys must be unique. Rename one.`,
    );
  }
};

export const formRules: NodeRule[] = [selectOptions, uniqueKeys, peopleOnly('assignees', 'assignees')];
