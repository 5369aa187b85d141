/** Neutral messages as terminal text: what each person would see in their chat client. */
import type { OutgoingMessage } from '../bot/index.js';

const BOLD = (text: string, color: boolean) => (color ? `\x1b[1m${text}\x1b[22m` : text);
const DIM = (text: string, color: boolean) => (color ? `\x1b[2m${text}\x1b[22m` : text);

export function renderForTerminal(
  message: OutgoingMessage,
  options: { indent?: string; color?: boolean } = {},
): string {
  const indent = options.indent ?? '    │ ';
  const color = options.color ?? false;
  const inline = (text: string) =>
    text
      .replace(/\*\*([^*]+)\*\*/g, (_m, inner: string) => BOLD(inner, color))
      .replace(/`([^`]+)`/g, '$1')
      .replace(/(^|\s)_([^_]+)_(?=\s|$|[.,;:])/g, '$1$2');
  const lines: string[] = [];
  for (const block of message.blocks) {
    switch (block.type) {
      case 'heading':
        lines.push(BOLD(block.text, color));
        break;
      case 'text':
        lines.push(...inline(block.text).split('\n'));
        break;
      case 'context':
        lines.push(...DIM(inline(block.text), color).split('\n'));
        break;
      case 'facts':
        for (const fact of block.facts) lines.push(`${fact.label}: ${inline(fact.value)}`);
        break;
      case 'list':
        block.items.forEach((item, index) => {
          const [first, ...rest] = inline(item).split('\n');
          lines.push(`${block.ordered ? `${index + 1}.` : '•'} ${first}`, ...rest.map((line) => `  ${line}`));
        });
        break;
      case 'actions':
        lines.push(block.actions.map((a) => `[ ${a.label} ]`).join(' '));
        break;
      case 'inputs':
        lines.push(
          ...block.inputs.map((i) => `${i.label}${i.required ? ' *' : ''}: ____`),
          `[ ${block.submit.label} ]`,
        );
        break;
    }
  }
  return lines.map((line) => `${indent}${line}`).join('\n');
}
