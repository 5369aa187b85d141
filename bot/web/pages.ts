/**
 * The web chat's HTML pages (chat, sign-in, first user) and style sheet. Everything dynamic is
 * escaped here; the chat's messages are rendered by the client script from JSON.
 */

import { escapeHtml } from '../../engine/index.js';

export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; " +
  "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

function layout(title: string, body: string, head = ''): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="/chat/app.css">
<link rel="icon" href="/chat/icon.svg">
${head}
</head>
<body>
${body}
</body>
</html>
`;
}

export function chatPage(options: { email: string; csrfToken: string }): string {
  return layout(
    'Switchboard chat',
    `<header>
  <strong>Switchboard</strong>
  <span class="who">${escapeHtml(options.email)}</span>
  <form method="post" action="/chat/sign-out"><input type="hidden" name="csrf" value="${escapeHtml(options.csrfToken)}"><button type="submit" class="link">Sign out</button></form>
</header>
<main id="log" aria-live="polite"></main>
<form id="composer">
  <textarea id="text" name="text" rows="2" placeholder="Describe an automation, or type help" aria-label="Message"></textarea>
  <button type="submit">Send</button>
</form>
<script src="/chat/app.js"></script>`,
    `<meta name="csrf-token" content="${escapeHtml(options.csrfToken)}">`,
  );
}

export function signInPage(options: { error?: string; email?: string } = {}): string {
  return layout(
    'Sign in · Switchboard',
    `<main class="narrow">
  <h1>Sign in to Switchboard</h1>
  ${options.error ? `<p class="error" role="alert">${escapeHtml(options.error)}</p>` : ''}
  <form method="post" action="/chat/sign-in">
    <label>Email <input type="email" name="email" autocomplete="username" required value="${escapeHtml(options.email ?? '')}"></label>
    <label>Password <input type="password" name="password" autocomplete="current-password" required></label>
    <button type="submit">Sign in</button>
  </form>
  <p class="context">No login yet? An admin runs <code>switchboard user add you@example.com</code>.</p>
</main>`,
  );
}

export function welcomePage(options: { action: string; error?: string; email?: string }): string {
  return layout(
    'Welcome · Switchboard',
    `<main class="narrow">
  <h1>Welcome to Switchboard</h1>
  <p>Create the first web chat login. This link works once.</p>
  ${options.error ? `<p class="error" role="alert">${escapeHtml(options.error)}</p>` : ''}
  <form method="post" action="${escapeHtml(options.action)}">
    <label>Your email <input type="email" name="email" autocomplete="username" required value="${escapeHtml(options.email ?? '')}"></label>
    <label>Choose a password (10 characters or more) <input type="password" name="password" autocomplete="new-password" minlength="10" required></label>
    <button type="submit">Create and sign in</button>
  </form>
</main>`,
  );
}

export function notFoundPage(message: string): string {
  return layout(
    'Switchboard',
    `<main class="narrow"><h1>Switchboard</h1><p>${escapeHtml(message)}</p></main>`,
  );
}

/** The page icon (also spares browsers a 404 for /favicon.ico). */
export const ICON_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" fill="#2357d9"/><path d="M4 5h8M4 8h8M4 11h5" stroke="#fff" stroke-width="1.6"/></svg>';

export const STYLE_SHEET = `
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1d2330; background: #f4f5f8;
  display: flex; flex-direction: column; height: 100vh; }
header { display: flex; gap: 1rem; align-items: center; padding: .6rem 1rem; background: #1d2330; color: #fff; }
header .who { margin-left: auto; opacity: .8; }
header form { margin: 0; }
button.link { background: none; border: 0; color: #fff; text-decoration: underline; cursor: pointer; padding: 0; }
#log { flex: 1; overflow-y: auto; padding: 1rem; display: flex; flex-direction: column; gap: .6rem; }
article.message { max-width: 46rem; background: #fff; border-radius: 8px; padding: .6rem .9rem; box-shadow: 0 1px 2px rgba(0,0,0,.08); }
article.message.user { align-self: flex-end; background: #dfe9ff; }
article.message.private { border-left: 3px solid #c48a00; }
article h3 { margin: .2rem 0 .4rem; font-size: 1.05rem; }
article p { margin: .3rem 0; }
article .context { color: #5b6475; font-size: .85rem; }
article dl { display: grid; grid-template-columns: max-content 1fr; gap: .15rem .8rem; margin: .4rem 0; }
article dt { color: #5b6475; }
article dd { margin: 0; }
article ul, article ol { margin: .3rem 0; padding-left: 1.3rem; }
article li { margin: .2rem 0; }
code { background: #eef0f4; padding: 0 .25rem; border-radius: 3px; }
.actions { display: flex; flex-wrap: wrap; gap: .5rem; margin-top: .5rem; }
button { font: inherit; padding: .35rem .9rem; border-radius: 6px; border: 1px solid #b8bfcc; background: #fff; cursor: pointer; }
button.primary { background: #2357d9; border-color: #2357d9; color: #fff; }
button.danger { background: #c2362b; border-color: #c2362b; color: #fff; }
button:disabled { opacity: .5; cursor: default; }
.prompt { display: flex; gap: .5rem; align-items: flex-end; width: 100%; }
.prompt label { flex: 1; display: flex; flex-direction: column; }
form.inputs { display: flex; flex-direction: column; gap: .4rem; margin-top: .4rem; }
form.inputs label, main.narrow label { display: flex; flex-direction: column; gap: .2rem; }
input, select, textarea { font: inherit; padding: .35rem; border: 1px solid #b8bfcc; border-radius: 5px; }
#composer { display: flex; gap: .5rem; padding: .7rem 1rem; background: #fff; border-top: 1px solid #dde1e8; }
#composer textarea { flex: 1; resize: vertical; }
main.narrow { max-width: 24rem; margin: 4rem auto; background: #fff; padding: 1.5rem; border-radius: 8px; }
main.narrow form { display: flex; flex-direction: column; gap: .8rem; }
.error { color: #a2271d; }
`;
