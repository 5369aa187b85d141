/**
 * Chat (DESIGN.md "Chat"): the transport-neutral conversation core and its adapters
 * (`bot/slack`, `bot/teams`, `bot/web`). Other folders import only this file.
 */
export type {
  Action,
  Actor,
  Block,
  ConversationCore,
  ConversationRef,
  Incoming,
  Input,
  MessageHandle,
  OutgoingMessage,
  Platform,
  Responder,
} from './core/model.js';
