import { Router } from 'express';
import { z } from 'zod';
import type { Engine } from '../../engine/index.js';
import { callerOf } from '../auth.js';
import { parseBody, requiredBody } from './validation.js';

/** What the event route needs of the engine. */
export type EventsEngine = Pick<Engine, 'publishEvent'>;

const eventBody = z.strictObject({
  name: z
    .string()
    .regex(/^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$/, {
      error: 'must be a dotted lower-case name such as "invoice.created"',
    })
    .max(128),
  payload: z.json().optional(),
});

/**
 * `POST /api/events` `{ name, payload }`: starts every active workflow of the tenant listening
 * to `name` whose filter passes, and feeds waiting `wait.event` steps (or keeps the event for
 * waits reached later). Answers 202 with the runs started and the steps resumed.
 */
export function eventsRouter(engine: EventsEngine): Router {
  const router = Router();
  router.post('/', async (request, response) => {
    requiredBody(request);
    const { name, payload } = parseBody(request, eventBody);
    const result = await engine.publishEvent(callerOf(response).tenantId, { name, payload: payload ?? {} });
    response.status(202).json(result);
  });
  return router;
}
