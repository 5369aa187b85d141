import type { Block, OutgoingMessage } from './model.js';

/** A message of one text block, with optional small print under it. */
export function say(text: string, context?: string): OutgoingMessage {
  const blocks: Block[] = [{ type: 'text', text }];
  if (context) blocks.push({ type: 'context', text: context });
  return { text, blocks };
}

/** A refusal or problem, said plainly (sent privately by the caller). */
export function sorry(text: string): OutgoingMessage {
  return { text, blocks: [{ type: 'text', text: `⚠️ ${text}` }] };
}
