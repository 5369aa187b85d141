/**
 * Rendering the planner's prompts (text in `prompts/templates/planner-*.md`) with generated parts:
 * the language catalogue (static, cached by providers), the tenant context and the examples.
 */
import { CONTEXT_ROOTS, REFERENCE_FORMS, type WorkflowDocument } from '../graph/index.js';
import type { LlmMessage, PromptRef, SystemPart } from '../llm/index.js';
import { loadPrompt, renderPrompt } from '../prompts/index.js';
import { languageCatalogue } from './catalogue.js';
import { allowedNodeTypesOf, type PlanningContext } from './context.js';
import { formatProblems, type PlanProblem } from './problems.js';

/** The prompt files the planner uses. */
export const PLANNER_PROMPTS = {
  system: 'planner-system',
  context: 'planner-context',
  request: 'planner-request',
  edit: 'planner-edit',
  repair: 'planner-repair',
} as const;

/** Most problems sent back in one repair round; the rest are counted, not listed. */
const MAX_PROBLEMS_SHOWN = 40;

export function promptRef(which: keyof typeof PLANNER_PROMPTS): PromptRef {
  const prompt = loadPrompt(PLANNER_PROMPTS[which]);
  return { name: prompt.name, version: prompt.version };
}

const staticParts = new Map<string, string>();

/** The static part: instructions and the language catalogue of the allowed node types. */
export function staticSystemText(context: PlanningContext): string {
  const allowed = allowedNodeTypesOf(context);
  const key = allowed.join(',');
  let text = staticParts.get(key);
  if (text === undefined) {
    text = renderPrompt(loadPrompt(PLANNER_PROMPTS.system), {
      catalogue: languageCatalogue(allowed),
      references: REFERENCE_FORMS,
      context_roots: CONTEXT_ROOTS.join(', '),
    });
    staticParts.set(key, text);
  }
  return text;
}

/** The tenant's part: what may be used, and the example workflows. */
export function contextSystemText(context: PlanningContext, templates: readonly WorkflowDocument[]): string {
  return renderPrompt(loadPrompt(PLANNER_PROMPTS.context), {
    people: list(context.people.map((person) => `${person.reference} — ${person.label}`)),
    credentials: list(context.credentials),
    entities: list(context.entities),
    events: list(context.events),
    hosts: list(context.allowedHosts),
    node_types: allowedNodeTypesOf(context).join(', '),
    templates:
      templates.length === 0
        ? 'none'
        : templates.map((document) => `## ${document.name}\n${JSON.stringify(document)}`).join('\n\n'),
  });
}

/** System parts: the static one marked for provider prompt caching, then the tenant's. */
export function systemParts(context: PlanningContext, templates: readonly WorkflowDocument[]): SystemPart[] {
  return [{ text: staticSystemText(context), cache: true }, { text: contextSystemText(context, templates) }];
}

export function requestMessage(description: string): string {
  return renderPrompt(loadPrompt(PLANNER_PROMPTS.request), { description: description.trim() });
}

export function editMessage(document: unknown, instruction: string): string {
  return renderPrompt(loadPrompt(PLANNER_PROMPTS.edit), {
    document: JSON.stringify(document),
    instruction: instruction.trim(),
  });
}

export function repairMessage(problems: readonly PlanProblem[]): string {
  const shown = problems.slice(0, MAX_PROBLEMS_SHOWN);
  const rest = problems.length - shown.length;
  return renderPrompt(loadPrompt(PLANNER_PROMPTS.repair), {
    count: String(problems.length),
    problems: formatProblems(shown) + (rest > 0 ? `\n(${rest} more not shown)` : ''),
  });
}

/**
 * The conversation so far followed by the new message, shaped as every provider accepts: starting
 * with the person, roles alternating (consecutive messages of one role are joined).
 */
export function conversationWith(conversation: readonly LlmMessage[], message: string): LlmMessage[] {
  const out: LlmMessage[] = [];
  for (const next of [...conversation, { role: 'user' as const, content: message }]) {
    const last = out.at(-1);
    if (out.length === 0 && next.role === 'assistant') continue;
    if (last?.role === next.role) last.content = `${last.content}\n\n${next.content}`;
    else out.push({ role: next.role, content: next.content });
  }
  return out;
}

function list(items: readonly string[]): string {
  return items.length === 0 ? 'none' : items.join('; ');
}
