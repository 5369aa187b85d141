import { isIP } from 'node:net';
import { type Dispatcher, request } from 'undici';
import {
  type ExpressionContext,
  ExpressionError,
  type Json,
  parseDuration,
  renderJsonTemplate,
  renderTemplate,
} from '../../graph/index.js';
import type { CredentialSecret, TenantTx } from '../../store/index.js';
import { PermanentStepError, RetryableStepError } from '../errors.js';
import type { Executor, StepInput } from '../executor.js';
import { type AllowList, parseAllowList } from '../http/destination-guard.js';
import {
  checkedAddresses,
  createGuardedAgent,
  DestinationRefusedError,
  type Resolve,
  systemResolve,
} from '../http/guarded-agent.js';
import { decodeBody, ResponseTooLargeError, readCappedBody } from '../http/response-body.js';
import { parseRetryAfter } from '../http/retry-after.js';
import { idempotencyKeyOf } from '../idempotency.js';

/**
 * The `http` step: a templated request to an HTTP API (GRAPH.md), with the tenant's stored
 * credential, an `Idempotency-Key` derived from the step, a timeout, destination checks after
 * DNS resolution and on every redirect, and a capped response body. Failures say whether a
 * retry can help: network errors, timeouts, 408, 429 and 5xx are retryable (honouring
 * Retry-After); other statuses outside `expect` are permanent. Credentials are used only in
 * request headers and are scrubbed from every output and error message.
 */

/** Reads one credential of the step's tenant (store/credentials.ts `Credentials`). */
export interface CredentialSource {
  getCredential(tx: TenantTx, name: string): Promise<CredentialSecret | null>;
}

export interface HttpExecutorOptions {
  credentials: CredentialSource;
  /** `HTTP_ALLOW_HOSTS`: hostnames, addresses and CIDR ranges exempt from the destination rules. */
  allowHosts?: string | AllowList;
  /** `HTTP_MAX_RESPONSE_BYTES`; default 1 MiB. */
  maxResponseBytes?: number;
  /** Timeout of one attempt when the node has no `timeout`; default 30 s. */
  defaultTimeoutMs?: number;
  /** DNS resolution; default the system resolver. Tests pass a fake one. */
  lookup?: Resolve;
  /** Clock for Retry-After dates; default `Date.now`. */
  clock?: () => number;
}

export const DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;
export const DEFAULT_HTTP_TIMEOUT_MS = 30_000;
/** Redirects followed per attempt. */
export const MAX_REDIRECTS = 5;

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const USER_AGENT = 'Switchboard (+https://github.com/switchboard)';

interface PreparedRequest {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body: string | undefined;
  /** Header names carrying the credential: dropped when a redirect leaves the origin. */
  credentialHeaders: string[];
  /** Secret strings to scrub from outputs and messages. */
  secrets: string[];
}

export function createHttpExecutor(options: HttpExecutorOptions): Executor<'http'> {
  const allow =
    typeof options.allowHosts === 'object' ? options.allowHosts : parseAllowList(options.allowHosts ?? '');
  const resolve = options.lookup ?? systemResolve;
  // Every connection goes through the guarded agent: there is deliberately no way to pass another.
  const dispatcher = createGuardedAgent(allow, resolve);
  const maxBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const clock = options.clock ?? Date.now;

  return async (input) => {
    const prepared = await prepareRequest(input, options.credentials);
    const timeoutMs = input.node.timeout
      ? (parseDuration(input.node.timeout) ?? DEFAULT_HTTP_TIMEOUT_MS)
      : (options.defaultTimeoutMs ?? DEFAULT_HTTP_TIMEOUT_MS);
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = AbortSignal.any([input.signal, timeout]);
    const scrub = scrubberOf(prepared.secrets);
    try {
      let current = prepared;
      for (let redirects = 0; ; redirects += 1) {
        await checkLiteralAddress(current.url, allow, resolve);
        const response = await request(current.url, {
          method: current.method as Dispatcher.HttpMethod,
          headers: current.headers,
          body: current.body,
          dispatcher,
          signal,
        });
        const next = redirectOf(current, response, input.node.expect);
        if (next === undefined) return await finish(input, current, response, { maxBytes, clock, scrub });
        await response.body.dump().catch(() => undefined);
        if (redirects >= MAX_REDIRECTS) {
          throw new PermanentStepError(
            'http.too_many_redirects',
            `${describe(prepared)} redirected more than ${MAX_REDIRECTS} times; call the final URL directly.`,
          );
        }
        current = next;
      }
    } catch (error) {
      throw classifyFailure(error, prepared, { timeout, timeoutMs, scrub });
    }
  };
}

async function prepareRequest(
  input: StepInput<'http'>,
  credentials: CredentialSource,
): Promise<PreparedRequest> {
  const { node } = input;
  const context = input.context as ExpressionContext;
  const render = (template: string, where: string) =>
    renderOrFail(() => renderTemplate(template, context, { now: input.now }), where);
  const url = parseUrl(render(node.url, 'url'));
  for (const [name, template] of Object.entries(node.query ?? {}))
    url.searchParams.append(name, render(template, `query.${name}`));
  const headers: Record<string, string> = { 'user-agent': USER_AGENT };
  for (const [name, template] of Object.entries(node.headers ?? {}))
    headers[name.toLowerCase()] = render(template, `headers.${name}`);
  let body: string | undefined;
  if (node.body !== undefined && node.method !== 'GET' && node.method !== 'HEAD') {
    const rendered = renderOrFail(
      () => renderJsonTemplate(node.body as Json, context, { now: input.now }),
      'body',
    );
    body = JSON.stringify(rendered);
    headers['content-type'] ??= 'application/json';
  }
  headers['idempotency-key'] ??= idempotencyKeyOf(input.stepKey, 'http');
  const prepared: PreparedRequest = {
    method: node.method,
    url,
    headers,
    body,
    credentialHeaders: [],
    secrets: [],
  };
  if (node.auth) await applyCredential(prepared, node.auth.credential, input, credentials);
  return prepared;
}

function renderOrFail<T>(render: () => T, where: string): T {
  try {
    return render();
  } catch (error) {
    if (error instanceof ExpressionError) {
      throw new PermanentStepError(
        'http.template',
        `The request's ${where} could not be rendered: ${error.message}`,
        {
          cause: error,
        },
      );
    }
    throw error;
  }
}

function parseUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new PermanentStepError(
      'http.invalid_url',
      `"${text.slice(0, 200)}" is not an absolute URL; write it as https://host/path.`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new PermanentStepError(
      'http.invalid_url',
      `HTTP steps call http:// or https:// URLs, not ${url.protocol}.`,
    );
  }
  if (url.username || url.password) {
    throw new PermanentStepError(
      'http.invalid_url',
      'Put credentials in a stored credential (auth.credential), not in the URL.',
    );
  }
  return url;
}

async function applyCredential(
  prepared: PreparedRequest,
  name: string,
  input: StepInput<'http'>,
  credentials: CredentialSource,
): Promise<void> {
  let secret: CredentialSecret | null;
  try {
    secret = await input.withTenantTx((tx) => credentials.getCredential(tx, name));
  } catch (error) {
    // The store's messages never contain the secret; keep them, they say what to fix.
    const reason = error instanceof Error ? error.message : String(error);
    throw new PermanentStepError(
      'http.credential_unreadable',
      `Credential "${name}" could not be read: ${reason}`,
    );
  }
  if (secret === null) {
    throw new PermanentStepError(
      'http.credential_missing',
      `This tenant has no credential named "${name}"; add it (REST API or admin view) or fix auth.credential.`,
    );
  }
  switch (secret.type) {
    case 'bearer':
      prepared.headers.authorization = `Bearer ${secret.token}`;
      prepared.credentialHeaders.push('authorization');
      prepared.secrets.push(secret.token);
      break;
    case 'basic': {
      const encoded = Buffer.from(`${secret.username}:${secret.password}`).toString('base64');
      prepared.headers.authorization = `Basic ${encoded}`;
      prepared.credentialHeaders.push('authorization');
      prepared.secrets.push(encoded, secret.password);
      break;
    }
    case 'header':
      prepared.headers[secret.name.toLowerCase()] = secret.value;
      prepared.credentialHeaders.push(secret.name.toLowerCase());
      prepared.secrets.push(secret.value);
      break;
  }
}

/** IP literals are connected to without a lookup, so the guarded agent never sees them: check here. */
async function checkLiteralAddress(url: URL, allow: AllowList, resolve: Resolve): Promise<void> {
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (isIP(host) !== 0) await checkedAddresses(host, allow, resolve);
}

/** The request to send after a redirect response, or undefined when `response` is final. */
function redirectOf(
  current: PreparedRequest,
  response: Dispatcher.ResponseData,
  expect: number[] | undefined,
): PreparedRequest | undefined {
  const status = response.statusCode;
  if (!REDIRECTS.has(status) || expect?.includes(status)) return undefined;
  const location = headerText(response.headers.location);
  if (location === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(location, current.url);
  } catch {
    throw new PermanentStepError(
      'http.invalid_redirect',
      `${describe(current)} redirected to an invalid URL.`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new PermanentStepError(
      'http.invalid_redirect',
      `${describe(current)} redirected to a ${url.protocol} URL.`,
    );
  }
  const headers = { ...current.headers };
  let { method, body } = current;
  if (status === 303 || ((status === 301 || status === 302) && method === 'POST')) {
    method = method === 'HEAD' ? 'HEAD' : 'GET';
    body = undefined;
    delete headers['content-type'];
  }
  // A credential is for the origin it was configured for, never for where a redirect points.
  if (url.origin !== current.url.origin) {
    for (const name of [...current.credentialHeaders, 'authorization', 'cookie']) delete headers[name];
  }
  return {
    ...current,
    method,
    url,
    headers,
    body,
    credentialHeaders: url.origin === current.url.origin ? current.credentialHeaders : [],
  };
}

async function finish(
  input: StepInput<'http'>,
  request: PreparedRequest,
  response: Dispatcher.ResponseData,
  settings: { maxBytes: number; clock: () => number; scrub: (text: string) => string },
) {
  const status = response.statusCode;
  const length = headerText(response.headers['content-length']);
  const bytes = await readCappedBody(
    response.body,
    settings.maxBytes,
    length === undefined ? undefined : Number(length),
  );
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers)) {
    const text = headerText(value);
    if (text !== undefined) headers[name] = settings.scrub(text);
  }
  const body = decodeBody(bytes, headers['content-type']);
  const expected = input.node.expect ? input.node.expect.includes(status) : status >= 200 && status < 300;
  if (expected) return { output: scrubJson({ status, headers, body } as Json, settings.scrub) };
  const snippet = settings.scrub(
    (typeof body === 'string' ? body : JSON.stringify(body ?? '')).slice(0, 300),
  );
  const message = `${describe(request)} answered ${status}${snippet ? `: ${snippet}` : ''}`;
  if (status === 408 || status === 429 || status >= 500) {
    const retryAfterMs = parseRetryAfter(headers['retry-after'], settings.clock());
    throw new RetryableStepError(`http.status_${status}`, message, { retryAfterMs });
  }
  const wanted = input.node.expect ? `one of ${input.node.expect.join(', ')}` : 'a 2xx status';
  throw new PermanentStepError(`http.status_${status}`, `${message} (expected ${wanted}).`);
}

function classifyFailure(
  error: unknown,
  request: PreparedRequest,
  context: { timeout: AbortSignal; timeoutMs: number; scrub: (text: string) => string },
): unknown {
  if (error instanceof PermanentStepError || error instanceof RetryableStepError) return error;
  const refused = findCause(error, (e) => e instanceof DestinationRefusedError);
  if (refused) return new PermanentStepError('http.destination_refused', refused.message);
  if (error instanceof ResponseTooLargeError) {
    return new PermanentStepError(
      'http.response_too_large',
      `${describe(request)}: ${error.message}. Ask the API for less (paging, filters) or raise HTTP_MAX_RESPONSE_BYTES.`,
    );
  }
  if (context.timeout.aborted) {
    return new RetryableStepError(
      'http.timeout',
      `${describe(request)} did not complete within ${context.timeoutMs / 1000} s.`,
    );
  }
  const name = (error as { name?: string } | undefined)?.name;
  if (name === 'AbortError' || name === 'RequestAbortedError') {
    return new PermanentStepError('http.cancelled', `${describe(request)} was cancelled.`);
  }
  const code = findCause(error, (e) => typeof (e as { code?: unknown }).code === 'string') as
    | (Error & { code: string })
    | undefined;
  if (code?.code === 'UND_ERR_INVALID_ARG' || error instanceof TypeError) {
    return new PermanentStepError(
      'http.invalid_request',
      `${describe(request)} is not a valid request: ${context.scrub(code?.message ?? String(error))}`,
    );
  }
  const reason = code ? `${code.code} ${context.scrub(code.message)}` : context.scrub(String(error));
  return new RetryableStepError('http.network', `${describe(request)} failed: ${reason}`);
}

function findCause(error: unknown, test: (e: Error) => boolean): Error | undefined {
  for (let current = error, depth = 0; current instanceof Error && depth < 8; depth += 1) {
    if (test(current)) return current;
    current = current.cause;
  }
  return undefined;
}

/** `POST https://api.example.com/path`, without query string (it may carry tokens). */
function describe(request: PreparedRequest): string {
  return `${request.method} ${request.url.origin}${request.url.pathname}`;
}

function headerText(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}

function scrubberOf(secrets: string[]): (text: string) => string {
  const present = secrets.filter((secret) => secret.length >= 4);
  return (text) => present.reduce((out, secret) => out.replaceAll(secret, '[redacted]'), text);
}

function scrubJson(value: Json, scrub: (text: string) => string): Json {
  if (typeof value === 'string') return scrub(value);
  if (Array.isArray(value)) return value.map((item) => scrubJson(item, scrub));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, scrubJson(item, scrub)]));
}
