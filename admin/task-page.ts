import express, {
  type ErrorRequestHandler,
  type Express,
  type Request,
  type Response,
  Router,
} from 'express';
import type pg from 'pg';
import {
  type Clock,
  type Engine,
  InvalidTaskInputError,
  TASK_LINK_PATH,
  type TaskService,
  type TaskView,
} from '../engine/index.js';
import type { Json } from '../graph/index.js';
import { findTaskLink, lockTaskLink, type TaskLink, useTaskLink, withTenant } from '../store/index.js';
import type { ApiLogger } from './api/error-handler.js';
import { taskErrorKind } from './api/task-errors.js';
import {
  closedTaskPage,
  type FormState,
  fieldName,
  openTaskPage,
  recordedPage,
  refusalPage,
  TASK_PAGE_CSP,
} from './task-page-html.js';

/**
 * The task page of email approvals: `GET /tasks/respond/:token` shows the task with Approve /
 * Reject and a comment (or the form's fields); `POST` to the same address decides (or submits)
 * as the person the token is bound to, with channel `email`, then redirects (303) to
 * `/tasks/respond/:token/done`. No login: the token is the capability. It is single-use and
 * expiring; a used, expired or unknown token is refused and changes nothing.
 *
 * Single use without burning tokens: the POST locks the link row in a tenant transaction, acts
 * through the task service, and marks the link used in that transaction, so a refused or failed
 * action (missing comment, closed task, outage) rolls back and leaves the link usable, and a
 * second POST with the same token waits for the first and then finds it used. Were the process to
 * die after the decision committed but before the link did, the link stays usable once more; the
 * task service records one decision per person, so that cannot decide twice.
 *
 * CSRF: the token in the form body (equal to the one in the path) is what authorises the POST, and
 * a request whose `Origin` is another site is refused.
 */

/** What the task page needs of the engine. */
export type TaskPageEngine = Pick<Engine, 'tasks'>;

export interface TaskPageOptions {
  /** The owner pool: looks links up (any tenant) and opens tenant transactions. */
  pool: pg.Pool;
  engine: TaskPageEngine;
  logger: ApiLogger;
  /** `PUBLIC_URL`: its origin is accepted as `Origin` of the POST besides this server's own host. */
  publicUrl?: string;
  /** Default: the system clock (expiry and `used_at`). */
  clock?: Clock;
}

/** A refusal: status and the page saying why. */
class PageRefusal extends Error {
  constructor(
    readonly status: number,
    readonly html: string,
  ) {
    super('refused');
  }
}

const UNKNOWN_LINK = () =>
  new PageRefusal(
    404,
    refusalPage(
      'This link is not valid',
      'The address is incomplete or was never issued. Open the link from the email again, copying the whole address.',
    ),
  );
const USED_LINK = () =>
  new PageRefusal(
    410,
    refusalPage(
      'This link was already used',
      'Each link works once and a response was already recorded with it. A new email brings a new link if more is needed from you.',
    ),
  );
const EXPIRED_LINK = () =>
  new PageRefusal(
    410,
    refusalPage(
      'This link has expired',
      'Links work for a limited time. If the request is still open, a reminder brings a new link; or respond in chat.',
    ),
  );
const NOT_AN_ASSIGNEE = (message: string) =>
  new PageRefusal(403, refusalPage('You cannot respond to this request', message));
const FOREIGN_ORIGIN = () =>
  new PageRefusal(
    403,
    refusalPage(
      'Request refused',
      'This form can only be sent from its own page. Open the link from the email and respond there.',
    ),
  );

/** Mounts the task page (reads its own URL-encoded body; place it anywhere). */
export function taskPageRoutes(options: TaskPageOptions): (app: Express) => void {
  return (app) => app.use(TASK_LINK_PATH, taskPageRouter(options));
}

/** The router behind `taskPageRoutes`, relative to `/tasks/respond`. */
export function taskPageRouter(options: TaskPageOptions): Router {
  const clock = options.clock ?? { now: () => new Date() };
  const tasks = options.engine.tasks;
  const router = Router();
  router.use(securityHeaders);

  /** The link of the token in the path, usable now, or a refusal. */
  async function usableLink(token: string): Promise<TaskLink> {
    const link = await findTaskLink(options.pool, token);
    return checkUsable(link);
  }
  function checkUsable(link: TaskLink | null): TaskLink {
    if (link === null) throw UNKNOWN_LINK();
    if (link.usedAt !== null) throw USED_LINK();
    if (link.expiresAt.getTime() <= clock.now().getTime()) throw EXPIRED_LINK();
    return link;
  }
  async function taskOf(link: TaskLink): Promise<TaskView> {
    try {
      return await tasks.getTask(link.tenantId, link.taskId);
    } catch (error) {
      if (taskErrorKind(error) === 'not_found') throw UNKNOWN_LINK();
      throw error;
    }
  }

  router.get('/:token', async (request, response) => {
    await respond(response, options.logger, async () => {
      const token = String(request.params.token);
      const link = await usableLink(token);
      const task = await taskOf(link);
      if (task.status === 'closed') return { status: 200, html: closedTaskPage(task) };
      return { status: 200, html: openTaskPage(task, actionOf(token), token) };
    });
  });

  router.get('/:token/done', async (request, response) => {
    await respond(response, options.logger, async () => {
      const token = String(request.params.token);
      const link = await findTaskLink(options.pool, token);
      if (link === null) throw UNKNOWN_LINK();
      // Not used yet (someone typed the address): the page to respond on.
      if (link.usedAt === null) return { status: 303, location: actionOf(token) };
      return { status: 200, html: recordedPage(await taskOf(link)) };
    });
  });

  router.post(
    '/:token',
    express.urlencoded({ extended: false, limit: '64kb' }),
    async (request, response) => {
      await respond(response, options.logger, async () => {
        const token = String(request.params.token);
        if (!sameOrigin(request, options.publicUrl)) throw FOREIGN_ORIGIN();
        const body = (request.body ?? {}) as Record<string, unknown>;
        // The capability travels in the body too; a POST without it was not sent by our form.
        if (body.token !== token) throw UNKNOWN_LINK();
        const found = await usableLink(token);
        const task = await taskOf(found);
        if (task.status === 'closed') return { status: 409, html: closedTaskPage(task) };
        const entered = enteredValues(body);
        try {
          await withTenant(options.pool, found.tenantId, async (tx) => {
            const link = checkUsable(await lockTaskLink(tx, token));
            await act(tasks, link, task, body);
            await useTaskLink(tx, token, clock.now());
          });
        } catch (error) {
          const kind = taskErrorKind(error);
          if (error instanceof InvalidTaskInputError) {
            const state: FormState = { problems: problemSentences(task, error), entered };
            return { status: 422, html: openTaskPage(task, actionOf(token), token, state) };
          }
          if (kind === 'closed') {
            const closed = await taskOf(found);
            return {
              status: 409,
              html: closedTaskPage(closed, 'Your response was not recorded: the request is closed.'),
            };
          }
          if (kind === 'not_assignee') throw NOT_AN_ASSIGNEE((error as Error).message);
          if (kind === 'not_found') throw UNKNOWN_LINK();
          throw error;
        }
        return { status: 303, location: `${actionOf(token)}/done` };
      });
    },
  );

  router.use(unreadableBody);
  return router;
}

/**
 * A POST body the parser refused (over 64 KB, a charset it cannot read, cut off) is answered
 * with a page for the person, not the API's JSON; nothing was recorded and the link still works.
 */
const unreadableBody: ErrorRequestHandler = (error: { status?: unknown }, _request, response, next) => {
  const status =
    typeof error.status === 'number' && error.status >= 400 && error.status < 500 ? error.status : 0;
  if (status === 0) {
    next(error);
    return;
  }
  response
    .status(status)
    .type('html')
    .send(
      refusalPage(
        'Your response could not be read',
        status === 413
          ? 'It is larger than this page accepts; shorten the comment or the values and send it again from the same link.'
          : 'Nothing was recorded. Send it again from the page the link opens.',
      ),
    );
};

/** Decides or submits, as the link's person, through the email channel. */
async function act(tasks: TaskService, link: TaskLink, task: TaskView, body: Record<string, unknown>) {
  if (task.kind === 'form') {
    await tasks.submit(link.tenantId, link.taskId, {
      by: link.person,
      values: formValues(task, body),
      channel: 'email',
    });
    return;
  }
  const decision = body.decision;
  if (decision !== 'approve' && decision !== 'reject') {
    throw new PageRefusal(
      400,
      refusalPage('Choose Approve or Reject', 'Go back and press one of the two buttons.'),
    );
  }
  const comment = typeof body.comment === 'string' && body.comment.trim() !== '' ? body.comment.trim() : null;
  await tasks.decide(link.tenantId, link.taskId, { by: link.person, decision, comment, channel: 'email' });
}

/**
 * The form's values from the posted fields, typed by the field: numbers parsed (left as text when
 * they are not numbers, so the task service names the problem), checkboxes true or false, empty
 * fields left out (so the service reports missing required ones).
 */
export function formValues(task: TaskView, body: Record<string, unknown>): Record<string, Json> {
  const values: Record<string, Json> = {};
  for (const field of task.fields) {
    const raw = body[fieldName(field.key)];
    const text = typeof raw === 'string' ? raw.trim() : '';
    if (field.type === 'boolean') {
      values[field.key] = text === 'true';
      continue;
    }
    if (text === '') continue;
    if (field.type === 'number') {
      const number = Number(text);
      values[field.key] = Number.isFinite(number) ? number : text;
      continue;
    }
    values[field.key] = text;
  }
  return values;
}

/** The problems of a refused response as people read them: by field label, not key. */
function problemSentences(task: TaskView, error: InvalidTaskInputError): string[] {
  if (error.problems.length === 0) return [error.message];
  return error.problems.map(({ key, message }) => {
    const label =
      task.fields.find((field) => field.key === key)?.label ?? (key === 'comment' ? 'Comment' : key);
    return message.startsWith(label) ? message : `${label}: ${message}`;
  });
}

function enteredValues(body: Record<string, unknown>): Record<string, string> {
  const entered: Record<string, string> = {};
  for (const [name, value] of Object.entries(body)) {
    if (typeof value === 'string' && (name === 'comment' || name.startsWith('field.'))) entered[name] = value;
  }
  return entered;
}

const actionOf = (token: string) => `${TASK_LINK_PATH}/${encodeURIComponent(token)}`;

/**
 * True unless the browser says the POST came from another site: an `Origin` (when sent) must be
 * this server's own (by Host header) or PUBLIC_URL's; `Sec-Fetch-Site` must not be cross-site.
 */
function sameOrigin(request: Request, publicUrl: string | undefined): boolean {
  if (request.get('sec-fetch-site') === 'cross-site') return false;
  const origin = request.get('origin');
  if (origin === undefined) return true;
  if (origin === 'null') return false;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return false;
  }
  if (host === request.get('host')) return true;
  if (publicUrl === undefined) return false;
  try {
    return new URL(publicUrl).origin === origin;
  } catch {
    return false;
  }
}

const securityHeaders = (_request: Request, response: Response, next: () => void) => {
  response.setHeader('Content-Security-Policy', TASK_PAGE_CSP);
  response.setHeader('X-Content-Type-Options', 'nosniff');
  response.setHeader('X-Frame-Options', 'DENY');
  // The token is in the URL: never send it on, never keep the page in a shared cache.
  response.setHeader('Referrer-Policy', 'no-referrer');
  response.setHeader('Cache-Control', 'no-store');
  next();
};

type Answer = { status: number; html: string } | { status: 303; location: string };

/** Runs `handle` and writes its page; refusals become their pages, anything else a 500 page. */
async function respond(response: Response, logger: ApiLogger, handle: () => Promise<Answer>): Promise<void> {
  let answer: Answer;
  try {
    answer = await handle();
  } catch (error) {
    if (error instanceof PageRefusal) {
      answer = { status: error.status, html: error.html };
    } else {
      logger.error('task page request failed', { error });
      answer = {
        status: 500,
        html: refusalPage('Something went wrong', 'Nothing was recorded. Try again in a moment.'),
      };
    }
  }
  if ('location' in answer) {
    response.redirect(303, answer.location);
    return;
  }
  response.status(answer.status).type('html').send(answer.html);
}
