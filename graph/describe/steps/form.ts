import type { NodeOf } from '../../schema/node.js';
import type { StepDescriber } from '../context.js';
import type { Messages } from '../messages/catalogue.js';
import { excerpt, list } from '../words/inline.js';
import { referenceInWords } from '../words/reference.js';

type FormField = NodeOf<'form'>['fields'][number];

export const describeForm: StepDescriber<'form'> = (node, { m }) => ({
  summary: m.form(m.quote(node.title)),
  details: [
    m.sentence(
      m.assignees,
      list(
        node.assignees.map((r) => referenceInWords(r, m)),
        m,
      ),
    ),
    m.sentence(m.message, m.quote(excerpt(node.message))),
    m.sentence(m.fields, node.fields.map((f) => fieldInWords(f, m)).join('; ')),
  ],
  onward: { next: node.next },
});

function fieldInWords(field: FormField, m: Messages): string {
  const type = m.fieldTypes[field.type];
  const options = field.options?.map((o) => m.quote(o)).join(', ');
  return m.field(
    field.label,
    options === undefined ? type : `${type}, ${m.choiceOf(options)}`,
    field.required === true,
  );
}
