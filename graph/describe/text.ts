/** The description as Markdown-ish plain text: numbered steps, details as bullets, nesting by indent. */
import type { Messages } from './messages/catalogue.js';
import type { DescribedStep, Description } from './types.js';
import { code, list } from './words/inline.js';

const INDENT = '   ';

export function renderText(description: Omit<Description, 'text'>, m: Messages): string {
  const { title, trigger, steps, people, warnings } = description;
  const hosts = [
    ...description.hosts,
    ...description.computedHosts.map((host) => m.computedAtRunTime(code(host))),
  ];
  return [
    `**${title}**`,
    ...(description.description === undefined ? [] : [description.description]),
    '',
    trigger.summary,
    ...trigger.details.map((detail) => `- ${detail}`),
    '',
    ...steps.flatMap((step) => stepLines(step, '')),
    '',
    m.sentence(m.externalHosts, hosts.length === 0 ? m.none : list(hosts, m)),
    m.sentence(
      m.people,
      people.length === 0
        ? m.none
        : list(
            people.map((p) => p.text),
            m,
          ),
    ),
    ...(warnings.length === 0 ? [] : ['', `${m.warnings}:`, ...warnings.map((w) => `- ${w.message}`)]),
  ].join('\n');
}

function stepLines(step: DescribedStep, indent: string): string[] {
  const inner = indent + INDENT;
  return [
    `${indent}${step.number}. ${step.name} — ${endSentence(step.summary)}`,
    ...step.details.map((detail) => `${inner}- ${detail}`),
    ...step.groups.flatMap((group) => [
      `${inner}${group.title}`,
      ...group.steps.flatMap((inside) => stepLines(inside, inner + INDENT)),
    ]),
    ...(step.onward === null ? [] : [`${inner}- ${step.onward}`]),
  ];
}

function endSentence(text: string): string {
  return /[.!?…]$/.test(text) ? text : `${text}.`;
}
