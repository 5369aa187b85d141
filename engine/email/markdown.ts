import { Marked } from 'marked';

/**
 * Email bodies are Markdown (GRAPH.md). The HTML part is rendered by `marked` with raw HTML
 * escaped rather than passed through, links limited to http, https and mailto, and images shown
 * as their text, so a template value cannot inject markup or scripts into the message. The text
 * part is the Markdown itself, which reads well as plain text.
 */

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
/** `text` safe inside HTML text and quoted attributes. */
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => ESCAPES[char]!);
const SAFE_LINK = /^(https?:|mailto:)/i;

const marked = new Marked({
  gfm: true,
  async: false,
  renderer: {
    html({ text }) {
      return escapeHtml(text);
    },
    link({ href, title, tokens }) {
      const inner = this.parser.parseInline(tokens);
      if (!SAFE_LINK.test(href)) return inner;
      const titled = title ? ` title="${escapeHtml(title)}"` : '';
      return `<a href="${escapeHtml(href)}"${titled}>${inner}</a>`;
    },
    image({ text }) {
      return escapeHtml(text);
    },
  },
});

export interface RenderedBody {
  text: string;
  html: string;
}

/** `markdown` as an HTML fragment, with the escaping described above. */
export function renderMarkdownHtml(markdown: string): string {
  return marked.parse(markdown, { async: false });
}

/** The text and HTML parts of an email whose body is `markdown`. */
export function renderEmailBody(markdown: string): RenderedBody {
  const html = renderMarkdownHtml(markdown);
  return {
    text: markdown,
    html: `<!doctype html><html><body style="font-family: sans-serif; line-height: 1.5">${html}</body></html>`,
  };
}
