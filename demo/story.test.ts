import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../test/database.js';
import { runDemo } from './story.js';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  await database.drop();
});

describe('npm run demo', () => {
  it('plays the invoice story to a completed run whose requester is told', async () => {
    const lines: string[] = [];
    const outcome = await runDemo({ pool: database.db.pool, print: (line) => lines.push(line) });
    expect(outcome).toMatchObject({
      workflowName: 'Invoice approval',
      runStatus: 'completed',
      modelCalls: 3,
    });
    expect(outcome.refusal).toMatch(/bob@example\.com/);
    expect(outcome.decidedCard).toContain('Approved by ann@example.com');
    expect(outcome.requesterTold).toContain('Invoice INV-42 from ACME Corp was approved.');
    const printed = lines.join('\n');
    expect(printed).toContain('replayed model response 1 of 3');
    expect(printed).toContain('POST /hooks/');
  });
});
