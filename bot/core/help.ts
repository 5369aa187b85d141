import type { OutgoingMessage } from './model.js';

/** What Switchboard understands in chat, for `help` and for text it cannot place. */
export function helpMessage(options: { unrecognised?: string } = {}): OutgoingMessage {
  const intro = options.unrecognised
    ? `I did not understand “${clip(options.unrecognised)}”. Describe an automation in a sentence or two, or use a command:`
    : 'Describe an automation in a sentence or two and I will draft it for you, for example:';
  return {
    text: `${intro} list, run <name>, status, tasks, deactivate <name>, help.`,
    blocks: [
      { type: 'heading', text: 'Switchboard' },
      { type: 'text', text: intro },
      ...(options.unrecognised
        ? []
        : [
            {
              type: 'context' as const,
              text: '“When an invoice over 1,000 EUR arrives by webhook, ask finance to approve it, then email the supplier.”',
            },
            { type: 'text' as const, text: 'Commands:' },
          ]),
      {
        type: 'list',
        items: [
          '`list`: the workflows of your team',
          '`run <name>`: start a workflow (I ask for its inputs)',
          '`status`: the latest runs',
          '`tasks`: approvals and forms waiting for you',
          '`deactivate <name>`: stop a workflow from starting',
          '`new <description>`: start another draft while one is open; `discard` drops the open draft',
          '`help`: this message',
        ],
      },
    ],
  };
}

function clip(text: string): string {
  const single = text.replace(/\s+/g, ' ').trim();
  return single.length > 80 ? `${single.slice(0, 79)}…` : single;
}
