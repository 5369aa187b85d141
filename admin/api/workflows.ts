import { Router } from 'express';
import { z } from 'zod';
import type { Engine } from '../../engine/index.js';
import { callerOf } from '../auth.js';
import { ApiError } from '../errors.js';
import { idempotencyKeyHeader, idParam, parseBody, requiredBody } from './validation.js';

/** What the workflow routes need of the engine. */
export type WorkflowsEngine = Pick<
  Engine,
  | 'createWorkflow'
  | 'updateWorkflow'
  | 'activateWorkflow'
  | 'deactivateWorkflow'
  | 'listWorkflows'
  | 'getWorkflow'
  | 'startRun'
  | 'listRuns'
>;

const activateBody = z.strictObject({
  version: z.int().min(1).optional().describe('Version to make live; default the newest'),
});

const startRunBody = z.strictObject({
  input: z.json().optional().describe('The run’s `trigger`: the manual inputs'),
  version: z.int().min(1).optional().describe('Run this version instead of the active one'),
});

const listRunsQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).optional() });

const workflowId = (request: Parameters<typeof idParam>[0]) =>
  idParam(
    request,
    'workflowId',
    new ApiError(
      404,
      'workflow.not_found',
      `No workflow ${request.params.workflowId} in this tenant; check the id.`,
    ),
  );

/**
 * `/api/workflows`: create (version 1), update (a new version), activate, deactivate, list, read,
 * start a run, list its runs. Documents are the request body as is.
 */
export function workflowsRouter(engine: WorkflowsEngine): Router {
  const router = Router();

  router.post('/', async (request, response) => {
    const { tenantId, keyId } = callerOf(response);
    const workflow = await engine.createWorkflow(tenantId, requiredBody(request), {
      createdBy: `api-key:${keyId}`,
    });
    response.status(201).location(`/api/workflows/${workflow.id}`).json(workflow);
  });

  router.get('/', async (_request, response) => {
    response.json({ workflows: await engine.listWorkflows(callerOf(response).tenantId) });
  });

  router.get('/:workflowId', async (request, response) => {
    response.json(await engine.getWorkflow(callerOf(response).tenantId, workflowId(request)));
  });

  router.put('/:workflowId', async (request, response) => {
    const id = workflowId(request);
    response.json(await engine.updateWorkflow(callerOf(response).tenantId, id, requiredBody(request)));
  });

  router.post('/:workflowId/activate', async (request, response) => {
    const id = workflowId(request);
    const { version } = parseBody(request, activateBody);
    const result = await engine.activateWorkflow(callerOf(response).tenantId, id, version ? { version } : {});
    response.json({
      workflow: result.workflow,
      webhookSecret: result.webhookSecret,
      webhookUrl: result.webhookSecret === null ? null : `/hooks/${id}`,
    });
  });

  router.post('/:workflowId/deactivate', async (request, response) => {
    const id = workflowId(request);
    response.json({ workflow: await engine.deactivateWorkflow(callerOf(response).tenantId, id) });
  });

  // With `Idempotency-Key`, a repeated request (same key, same workflow) answers 200 with the run
  // the first one started (`repeated: true`) and starts nothing; the same key with another input
  // is refused (422 run.start_key_reused). A new run answers 201.
  router.post('/:workflowId/runs', async (request, response) => {
    const id = workflowId(request);
    const key = idempotencyKeyHeader(request);
    const { input, version } = parseBody(request, startRunBody);
    const run = await engine.startRun(callerOf(response).tenantId, id, {
      trigger: 'manual',
      input: input ?? {},
      requester: null,
      ...(version ? { version } : {}),
      ...(key !== undefined ? { startKey: `api:${key}` } : {}),
    });
    response
      .status(run.repeated ? 200 : 201)
      .location(`/api/runs/${run.id}`)
      .json(run);
  });

  router.get('/:workflowId/runs', async (request, response) => {
    const id = workflowId(request);
    const { tenantId } = callerOf(response);
    const { limit } = listRunsQuery.parse(request.query);
    await engine.getWorkflow(tenantId, id); // 404 for another tenant's (or no) workflow
    response.json({ runs: await engine.listRuns(tenantId, { workflowId: id, ...(limit ? { limit } : {}) }) });
  });

  return router;
}
