/**
 * Our Markdown subset (bold, italic, code, links, line breaks; bot/core/model.ts) as Slack text:
 * `mrkdwn` for sections and context, plain text for headers and buttons. Slack reads `&`, `<`
 * and `>` as markup, so they are escaped everywhere except in the links this module writes.
 */

const LINK = /\[([^\]\n]+)\]\(([^)\s]+)\)/g;
const SAFE_URL = /^(https?:\/\/|mailto:)/i;

const escapeMrkdwn = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Markdown → Slack mrkdwn: `**b**` → `*b*`, `[t](u)` → `<u|t>`; code spans are left as they are. */
export function toMrkdwn(markdown: string): string {
  return splitCode(markdown)
    .map((part) => (part.code ? escapeMrkdwn(part.text) : convertProse(part.text)))
    .join('');
}

/** Markdown → plain text: markup removed, links as `text (url)`. */
export function toPlainText(markdown: string): string {
  return splitCode(markdown)
    .map((part) =>
      part.code
        ? part.text.slice(1, -1)
        : part.text
            .replace(LINK, (_all, text: string, url: string) => (text === url ? url : `${text} (${url})`))
            .replace(/\*\*(.+?)\*\*/g, '$1')
            .replace(/(^|[^\w])_(.+?)_(?=[^\w]|$)/g, '$1$2'),
    )
    .join('');
}

/** `text` cut to `max` characters, ending with an ellipsis when cut. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max - 1)}…`;
}

/** `text` in pieces of at most `max` characters, cut at line breaks where possible. */
export function splitText(text: string, max: number): string[] {
  const pieces: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const cut = rest.lastIndexOf('\n', max);
    const at = cut > max / 2 ? cut : max;
    pieces.push(rest.slice(0, at));
    rest = rest.slice(at).replace(/^\n/, '');
  }
  if (rest.length > 0 || pieces.length === 0) pieces.push(rest);
  return pieces;
}

function convertProse(text: string): string {
  const links: string[] = [];
  // Links first, so their URLs escape once and their brackets survive the escaping below.
  const withoutLinks = text.replace(LINK, (all, label: string, url: string) => {
    if (!SAFE_URL.test(url)) return all;
    links.push(`<${escapeMrkdwn(url).replace(/\|/g, '%7C')}|${escapeMrkdwn(label).replace(/\|/g, '¦')}>`);
    return `\uE000${links.length - 1}\uE000`;
  });
  return escapeMrkdwn(withoutLinks)
    .replace(/\*\*(.+?)\*\*/g, '*$1*')
    .replace(/\uE000(\d+)\uE000/g, (_all, index: string) => links[Number(index)]!);
}

function splitCode(markdown: string): { text: string; code: boolean }[] {
  const parts: { text: string; code: boolean }[] = [];
  const pattern = /`[^`\n]+`/g;
  let last = 0;
  for (const match of markdown.matchAll(pattern)) {
    if (match.index > last) parts.push({ text: markdown.slice(last, match.index), code: false });
    parts.push({ text: match[0], code: true });
    last = match.index + match[0].length;
  }
  if (last < markdown.length) parts.push({ text: markdown.slice(last), code: false });
  return parts;
}
