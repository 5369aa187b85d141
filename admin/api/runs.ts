import { Router } from 'express';
import type { Engine } from '../../engine/index.js';
import { callerOf } from '../auth.js';
import { ApiError } from '../errors.js';
import { idParam } from './validation.js';

/** What the run routes need of the engine. */
export type RunsEngine = Pick<Engine, 'getRun' | 'listRuns' | 'cancelRun' | 'retryRun'>;

const runId = (request: Parameters<typeof idParam>[0]) =>
  idParam(
    request,
    'runId',
    new ApiError(404, 'run.not_found', `No run ${request.params.runId} in this tenant; check the id.`),
  );

/** `/api/runs`: read a run (status, output, steps with timings, events), cancel, retry. */
export function runsRouter(engine: RunsEngine): Router {
  const router = Router();

  router.get('/', async (_request, response) => {
    response.json({ runs: await engine.listRuns(callerOf(response).tenantId) });
  });

  router.get('/:runId', async (request, response) => {
    response.json(await engine.getRun(callerOf(response).tenantId, runId(request)));
  });

  router.post('/:runId/cancel', async (request, response) => {
    response.json(await engine.cancelRun(callerOf(response).tenantId, runId(request)));
  });

  router.post('/:runId/retry', async (request, response) => {
    response.json(await engine.retryRun(callerOf(response).tenantId, runId(request)));
  });

  return router;
}
