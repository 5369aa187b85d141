import type { StepDescriber } from '../context.js';
import type { Messages } from '../messages/catalogue.js';
import { excerpt, list } from '../words/inline.js';
import { recipientInWords } from '../words/reference.js';

export const describeEmail: StepDescriber<'email'> = (node, { m }) => ({
  summary: m.email(recipients(node.to, m)),
  details: [
    ...(node.cc === undefined || node.cc.length === 0 ? [] : [m.sentence(m.cc, recipients(node.cc, m))]),
    ...(node.bcc === undefined || node.bcc.length === 0 ? [] : [m.sentence(m.bcc, recipients(node.bcc, m))]),
    m.sentence(m.subject, m.quote(node.subject)),
    m.sentence(m.body, m.quote(excerpt(node.body))),
  ],
  onward: { next: node.next },
});

function recipients(values: string[], m: Messages): string {
  return list(
    values.map((v) => recipientInWords(v, m)),
    m,
  );
}
