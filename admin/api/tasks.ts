import { type Request, Router } from 'express';
import { z } from 'zod';
import type { Engine } from '../../engine/index.js';
import { isPersonReference, parseReference } from '../../graph/index.js';
import { callerOf } from '../auth.js';
import { ApiError } from '../errors.js';
import { idParam, parseBody, requiredBody } from './validation.js';

/** What the task routes need of the engine. */
export type TasksEngine = Pick<Engine, 'tasks'>;

/**
 * A reference naming one person (the actor of a task action): Slack or Teams user, email, never
 * a group, a channel or `requester`.
 */
const personReference = z
  .string()
  .max(300)
  .refine(
    (value) => {
      const reference = parseReference(value);
      return reference !== null && reference.kind !== 'requester' && isPersonReference(reference);
    },
    {
      error:
        'must be a person reference: slack:user/U123ABC, teams:user/<aad-object-id> or email:ann@example.com',
    },
  );

const listQuery = z.strictObject({
  assignee: personReference.optional(),
  status: z.enum(['open', 'closed'], { error: 'must be open or closed' }).optional(),
  runId: z.uuid({ error: 'must be a run id' }).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});

const decideBody = z.strictObject({
  by: personReference,
  decision: z.enum(['approve', 'reject'], { error: 'must be "approve" or "reject"' }),
  comment: z.string().max(10_000).nullable().optional(),
});

const delegateBody = z.strictObject({ by: personReference, to: personReference });

const submitBody = z.strictObject({
  by: personReference,
  values: z.record(z.string(), z.json()),
});

const taskId = (request: Request) =>
  idParam(
    request,
    'taskId',
    new ApiError(404, 'task.not_found', `No task ${request.params.taskId} in this tenant; check the id.`),
  );

/** The query string parsed by `listQuery`; 400 listing every problem. */
function parseListQuery(request: Request): z.output<typeof listQuery> {
  const parsed = listQuery.safeParse(request.query);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => ({
    parameter: issue.path.join('.'),
    message: issue.message,
  }));
  throw new ApiError(
    400,
    'request.invalid_query',
    `The query is not valid: ${problems.map((p) => `${p.parameter || '?'} ${p.message}`).join('; ')}`,
    { problems },
  );
}

/**
 * `/api/tasks`: open approvals and forms of the tenant. List (by assignee, status, run), read
 * one, and act as a person: decide, delegate, submit a form. The API key is a tenant-wide
 * credential, so `by` is taken as given; the task service still refuses people who may not act
 * (403), closed tasks (409, with the outcome and who closed it) and invalid values (422). Every
 * action is recorded with channel `api`.
 */
export function tasksRouter(engine: TasksEngine): Router {
  const router = Router();

  router.get('/', async (request, response) => {
    const query = parseListQuery(request);
    response.json({ tasks: await engine.tasks.listTasks(callerOf(response).tenantId, query) });
  });

  router.get('/:taskId', async (request, response) => {
    response.json(await engine.tasks.getTask(callerOf(response).tenantId, taskId(request)));
  });

  router.post('/:taskId/decide', async (request, response) => {
    const id = taskId(request);
    requiredBody(request);
    const { by, decision, comment } = parseBody(request, decideBody);
    const task = await engine.tasks.decide(callerOf(response).tenantId, id, {
      by,
      decision,
      comment: comment ?? null,
      channel: 'api',
    });
    response.json(task);
  });

  router.post('/:taskId/delegate', async (request, response) => {
    const id = taskId(request);
    requiredBody(request);
    const { by, to } = parseBody(request, delegateBody);
    response.json(await engine.tasks.delegate(callerOf(response).tenantId, id, { by, to, channel: 'api' }));
  });

  router.post('/:taskId/submit', async (request, response) => {
    const id = taskId(request);
    requiredBody(request);
    const { by, values } = parseBody(request, submitBody);
    response.json(await engine.tasks.submit(callerOf(response).tenantId, id, { by, values, channel: 'api' }));
  });

  return router;
}
