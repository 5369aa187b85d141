/**
 * What people are told when a workflow goes live: how it starts. A webhook's URL is said in the
 * thread, its signing secret only privately; a schedule in words; an event by name; a manual
 * workflow by the command that runs it.
 */

import type { ActivationResult } from '../../engine/index.js';
import type { Description } from '../../graph/index.js';
import type { OutgoingMessage } from './model.js';

export function activationMessages(
  publicUrl: string,
  activation: ActivationResult,
  preview: Description,
): { public: OutgoingMessage; secret: OutgoingMessage | null } {
  const { workflow, trigger } = activation;
  const heading = `✅ ${workflow.name} is live`;
  let how: string;
  let secret: OutgoingMessage | null = null;
  switch (trigger.type) {
    case 'webhook': {
      const url = `${publicUrl}/hooks/${workflow.id}`;
      how =
        `It starts when a signed JSON POST arrives at ${url} — header ` +
        '`X-Switchboard-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`. ' +
        'I sent you the secret privately.';
      if (activation.webhookSecret) {
        const text = `Webhook secret of ${workflow.name}: \`${activation.webhookSecret}\` — keep it out of shared channels; the sender signs each request with it.`;
        secret = { text, blocks: [{ type: 'text', text }] };
      }
      break;
    }
    case 'schedule':
      how = preview.trigger.summary;
      break;
    case 'event':
      how = `It starts when the event \`${trigger.event}\` is published for your team.`;
      break;
    case 'manual':
      how = `Start it with \`run ${workflow.name}\`${trigger.inputs?.length ? ' (I will ask for its inputs)' : ''}.`;
      break;
  }
  return {
    public: {
      text: `${heading}. ${how}`,
      blocks: [
        { type: 'heading', text: heading },
        { type: 'text', text: how },
        {
          type: 'context',
          text: `Version ${workflow.activeVersion ?? workflow.latestVersion} · \`list\` shows all workflows`,
        },
      ],
    },
    secret,
  };
}
