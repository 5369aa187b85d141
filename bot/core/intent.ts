/**
 * What a piece of chat text asks for: a command word (`list`, `run <name>`, …), a description of
 * an automation, or neither (then the person gets help, never silence).
 */

export const COMMAND_WORDS = [
  'list',
  'run',
  'status',
  'tasks',
  'deactivate',
  'help',
  'discard',
  'new',
] as const;
export type CommandWord = (typeof COMMAND_WORDS)[number];

export interface CommandIntent {
  kind: 'command';
  command: CommandWord;
  /** The rest of the text (a workflow name, a description after `new`). */
  argument: string;
}

export type Intent = CommandIntent | { kind: 'text'; text: string };

const TAKES_ARGUMENT = new Set<CommandWord>(['run', 'deactivate', 'new']);

const ALIASES: Record<string, CommandWord> = {
  ls: 'list',
  workflows: 'list',
  start: 'run',
  runs: 'status',
  todo: 'tasks',
  '?': 'help',
  cancel: 'discard',
};

/** The command the text starts with, if its first word is one; otherwise the text itself. */
export function parseIntent(text: string): Intent {
  const trimmed = text.trim().replace(/^\/switchboard\s*/i, '');
  const match = /^(\S+)\s*([\s\S]*)$/.exec(trimmed);
  if (match === null) return { kind: 'text', text: trimmed };
  const word = (match[1] as string).toLowerCase().replace(/[.!:]+$/, '');
  const command = (COMMAND_WORDS as readonly string[]).includes(word) ? (word as CommandWord) : ALIASES[word];
  if (command === undefined) return { kind: 'text', text: trimmed };
  const argument = (match[2] as string).trim();
  // "run the report every Monday" is a description, not `run <name>`: names have no such words.
  if (command === 'run' && /\b(every|when|whenever|each|daily|weekly)\b/i.test(argument)) {
    return { kind: 'text', text: trimmed };
  }
  // "list new invoices every Monday and email them" describes an automation; `list` takes no argument.
  if (!TAKES_ARGUMENT.has(command) && argument !== '' && looksLikeDescription(trimmed)) {
    return { kind: 'text', text: trimmed };
  }
  return { kind: 'command', command, argument };
}

const ACTION_WORDS =
  /\b(when|whenever|every|each|if|after|before|send|sends|notify|email|mail|post|message|tell|ask|approve|approval|approves|review|create|update|delete|remind|schedule|call|fetch|sync|escalate|assign|route|collect|request|requests|needs?|check|wait|trigger|start|run|book|order|pay)\b/i;

/**
 * Whether free text reads like a description of an automation: long enough to say something,
 * or short but with a verb of the trade ("email finance every Monday"). Greetings, thanks and
 * single words are not.
 */
export function looksLikeDescription(text: string): boolean {
  const words = text
    .trim()
    .split(/\s+/)
    .filter((w) => /[\p{L}\p{N}]/u.test(w));
  if (words.length >= 6) return true;
  return words.length >= 3 && ACTION_WORDS.test(text);
}
