import type { Actor, ConversationRef, Incoming, Responder } from './model.js';

/** One incoming being handled: who, where, and how to answer. */
export interface Turn {
  incoming: Incoming;
  actor: Actor;
  where: ConversationRef;
  responder: Responder;
}

export function turnOf(incoming: Incoming, responder: Responder): Turn {
  return { incoming, actor: incoming.actor, where: incoming.conversation, responder };
}
