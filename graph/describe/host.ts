/**
 * The external host an HTTP step calls, read from its URL template. A host holding a template
 * hole is only known at run time; people approving the workflow must be told so.
 */

export interface UrlHost {
  /** Lower-case host (with port), or the template the host comes from. */
  host: string;
  /** True when the host is computed at run time. */
  computed: boolean;
}

// The authority runs to the first "/", "?" or "#" outside a `{{ }}` hole.
const AUTHORITY = /^\s*[a-z][a-z0-9+.-]*:\/\/((?:\{\{[\s\S]*?\}\}|[^/?#\s{])*)/i;

export function hostOfUrl(url: string): UrlHost {
  const match = AUTHORITY.exec(url);
  if (match === null) return { host: url.trim(), computed: true };
  const authority = match[1] ?? '';
  const host = authority.slice(authority.lastIndexOf('@') + 1);
  return host.includes('{{') ? { host, computed: true } : { host: host.toLowerCase(), computed: false };
}

/** The URL as shown to people: user information (which may hold a password) is hidden. */
export function displayUrl(url: string): string {
  return url.replace(/^(\s*[a-z][a-z0-9+.-]*:\/\/)[^/?#\s@]*@/i, '$1…@');
}
