/**
 * Generates large, valid workflow documents for the benchmark: a chain of segments modelled on
 * real processes (amount routing with approvals, parallel enrichment, loops over order lines,
 * nested parallel/loop graphs, forms), each of whose paths all continue at the next segment, so
 * every node is reachable, every `steps.<id>` reference names a step that ran on every path, and
 * the only way out of the chain is its end. Deterministic: same size, same document.
 */
import type { Node, WorkflowDocument } from '../graph/index.js';

interface Segment {
  /** Nodes it adds, nested ones included. */
  size: number;
  /** Name of its first node, which every path through the chain passes. */
  entry: string;
  build(p: string, exit: string | undefined, previousEntry: string | undefined): Node[];
}

/** `next` only when there is a following node (absent ends the path). */
function next(exit: string | undefined): { next?: string } {
  return exit === undefined ? {} : { next: exit };
}

const approvalRouting: Segment = {
  size: 6,
  entry: 'calc',
  build: (p, exit, previousEntry) => [
    {
      id: `${p}_calc`,
      type: 'transform',
      name: 'Compute the total',
      set: { total: 'double(trigger.amount) * 1.2', urgent: 'trigger.priority == "high"' },
      next: `${p}_route`,
    },
    {
      id: `${p}_route`,
      type: 'decision',
      name: 'Route by amount',
      cases: [
        { when: 'vars.total > 50000.0 && vars.urgent', next: `${p}_board` },
        { when: 'trigger.amount > 5000 || has(trigger.po)', next: `${p}_finance` },
      ],
      default: `${p}_book`,
    },
    {
      id: `${p}_board`,
      type: 'approval',
      name: 'Executive quorum',
      approvers: ['email:ceo@example.com', 'email:cfo@example.com', 'slack:user/U0EXEC0003'],
      mode: 'quorum',
      quorum: 2,
      title: 'Approve a large amount',
      message: 'Request {{ trigger.number }} for **{{ vars.total }} EUR** from {{ trigger.vendor }}.',
      fields: [{ label: 'Vendor', value: '{{ trigger.vendor }}' }],
      reminders: { every: '1d', max: 3 },
      timeout: '5d',
      onTimeout: 'escalate',
      escalateTo: ['group:finance-leads'],
      next: { approved: `${p}_book`, rejected: `${p}_notify` },
    },
    {
      id: `${p}_finance`,
      type: 'approval',
      name: 'Finance approval',
      approvers: ['group:finance'],
      title: 'Approve an amount',
      message: 'Request {{ trigger.number }} for {{ trigger.amount }} EUR.',
      timeout: '3d',
      next: { approved: `${p}_book`, rejected: `${p}_notify`, timed_out: `${p}_notify` },
    },
    {
      id: `${p}_book`,
      type: 'http',
      name: 'Book in accounting',
      method: 'POST',
      url: 'https://accounting.example.com/api/v1/entries',
      auth: { credential: 'accounting_api' },
      headers: { 'Idempotency-Key': '{{ run.id }}-{{ trigger.number }}' },
      body: {
        total: '{{ vars.total }}',
        computed: `{{ steps.${p}_calc.total }}`,
        previous: previousEntry === undefined ? '{{ run.id }}' : `{{ steps.${previousEntry} }}`,
      },
      retry: { maxAttempts: 5, initialDelay: '2s', factor: 2, maxDelay: '5m' },
      timeout: '30s',
      ...next(exit),
    },
    {
      id: `${p}_notify`,
      type: 'chat',
      name: 'Tell the requester',
      to: 'slack:channel/C0FINANCE1',
      text: 'Request {{ trigger.number }} ({{ vars.total }} EUR) was not approved.',
      ...next(exit),
    },
  ],
};

const parallelEnrichment: Segment = {
  size: 7,
  entry: 'fanout',
  build: (p, exit) => [
    {
      id: `${p}_fanout`,
      type: 'parallel',
      name: 'Enrich in parallel',
      waitFor: 'all',
      branches: [
        {
          name: 'Company data',
          nodes: [
            {
              id: `${p}_lookup`,
              type: 'http',
              name: 'Look up the company',
              method: 'GET',
              url: 'https://enrichment.example.com/v2/companies/{{ trigger.domain }}',
              query: { fields: 'size,industry' },
              auth: { credential: 'enrichment_api' },
              next: `${p}_store`,
            },
            {
              id: `${p}_store`,
              type: 'record',
              name: 'Store the company',
              entity: 'company',
              op: 'upsert',
              key: '{{ trigger.domain }}',
              data: {
                size: `{{ steps.${p}_lookup.body.size }}`,
                industry: `{{ steps.${p}_lookup.body.industry }}`,
              },
            },
          ],
        },
        {
          name: 'Scoring',
          nodes: [
            {
              id: `${p}_score`,
              type: 'llm',
              name: 'Score the request',
              prompt: 'Score this request from 0 to 100: {{ trigger.message }}',
              output: 'json',
              schema: { type: 'object', properties: { score: { type: 'integer' } }, required: ['score'] },
              retry: { maxAttempts: 2 },
              next: `${p}_keep_score`,
            },
            {
              id: `${p}_keep_score`,
              type: 'transform',
              name: 'Keep the score',
              set: { score: `steps.${p}_score.score` },
            },
          ],
        },
        {
          name: 'Acknowledgement',
          nodes: [
            {
              id: `${p}_ack`,
              type: 'email',
              name: 'Acknowledge',
              to: ['{{ trigger.email }}'],
              subject: 'We received your request {{ trigger.number }}',
              body: 'Hello {{ trigger.name }},\n\nThanks, we will come back to you shortly.',
            },
          ],
        },
      ],
      next: `${p}_merge`,
    },
    {
      id: `${p}_merge`,
      type: 'transform',
      name: 'Combine the results',
      set: { priority: `vars.score > 70 ? "high" : "normal"`, enriched: `size(steps.${p}_fanout) == 3` },
      ...next(exit),
    },
  ],
};

const orderLines: Segment = {
  size: 7,
  entry: 'each',
  build: (p, exit) => [
    {
      id: `${p}_each`,
      type: 'loop',
      name: 'Handle each line',
      items: 'trigger.items',
      as: 'line',
      concurrency: 4,
      maxItems: 500,
      nodes: [
        {
          id: `${p}_stock`,
          type: 'record',
          name: 'Read the stock',
          entity: 'stock',
          op: 'get',
          key: '{{ line.sku }}',
          next: `${p}_enough`,
        },
        {
          id: `${p}_enough`,
          type: 'decision',
          name: 'Enough stock?',
          cases: [{ when: `steps.${p}_stock.quantity >= line.quantity`, next: `${p}_reserve` }],
          default: `${p}_backorder`,
        },
        {
          id: `${p}_reserve`,
          type: 'record',
          name: 'Reserve',
          entity: 'stock',
          op: 'update',
          key: '{{ line.sku }}',
          data: { quantity: `{{ steps.${p}_stock.quantity - line.quantity }}`, line: '{{ index }}' },
        },
        {
          id: `${p}_backorder`,
          type: 'email',
          name: 'Report a backorder',
          to: ['email:warehouse@example.com'],
          subject: 'Backorder for {{ line.sku }}',
          body: 'Line {{ index }} of order {{ trigger.orderId }} lacks stock.',
        },
      ],
      next: `${p}_dispatched`,
    },
    {
      id: `${p}_dispatched`,
      type: 'wait',
      name: 'Wait for dispatch',
      event: { name: 'shipment.dispatched', match: 'event.orderId == trigger.orderId', timeout: '3d' },
      onTimeout: `${p}_late`,
      ...next(exit),
    },
    {
      id: `${p}_late`,
      type: 'chat',
      name: 'Alert the warehouse',
      to: 'teams:channel/19:2b4d6f8a0c1e3a5b7d9f1a3c5e7b9d1f@thread.tacv2',
      text: `Order {{ trigger.orderId }} ({{ size(steps.${p}_each) }} lines) is late.`,
      ...next(exit),
    },
  ],
};

const nestedGraphs: Segment = {
  size: 8,
  entry: 'race',
  build: (p, exit) => [
    {
      id: `${p}_race`,
      type: 'parallel',
      name: 'Process or time out',
      waitFor: 'any',
      branches: [
        {
          name: 'Process',
          nodes: [
            {
              id: `${p}_batches`,
              type: 'loop',
              name: 'Each batch',
              items: 'trigger.batches',
              as: 'batch',
              concurrency: 2,
              nodes: [
                {
                  id: `${p}_both`,
                  type: 'parallel',
                  name: 'Push and count',
                  branches: [
                    {
                      nodes: [
                        {
                          id: `${p}_push`,
                          type: 'http',
                          name: 'Push the batch',
                          method: 'PUT',
                          url: 'https://sync.example.com/batches/{{ batch.id }}',
                          body: { rows: '{{ batch.rows }}' },
                          expect: [200, 204],
                        },
                      ],
                    },
                    {
                      nodes: [
                        {
                          id: `${p}_count`,
                          type: 'transform',
                          name: 'Count rows',
                          set: { rows: 'batch.rows.size()' },
                        },
                      ],
                    },
                  ],
                },
              ],
            },
          ],
        },
        {
          name: 'Deadline',
          nodes: [
            { id: `${p}_deadline`, type: 'wait', name: 'One hour', for: '1h', next: `${p}_too_slow` },
            {
              id: `${p}_too_slow`,
              type: 'chat',
              name: 'Report slowness',
              to: 'group:ops',
              text: 'Batch sync for {{ trigger.source }} took over an hour.',
            },
          ],
        },
      ],
      next: `${p}_child`,
    },
    {
      id: `${p}_child`,
      type: 'subworkflow',
      name: 'Reconcile',
      workflow: 'Reconciliation',
      input: { source: '{{ trigger.source }}', results: `{{ steps.${p}_race }}` },
      ...next(exit),
    },
  ],
};

const formReview: Segment = {
  size: 4,
  entry: 'ask',
  build: (p, exit) => [
    {
      id: `${p}_ask`,
      type: 'form',
      name: 'Ask for details',
      assignees: ['group:operations'],
      title: 'Details needed',
      message: 'Please complete request {{ trigger.number }}.',
      fields: [
        { key: 'ok', label: 'Everything correct', type: 'boolean', required: true },
        { key: 'team', label: 'Team', type: 'select', options: ['Sales', 'Support'] },
      ],
      timeout: '2d',
      next: `${p}_check`,
    },
    {
      id: `${p}_check`,
      type: 'decision',
      name: 'Correct?',
      cases: [{ when: `steps.${p}_ask.values.ok`, next: `${p}_confirm` }],
      default: `${p}_flag`,
    },
    {
      id: `${p}_confirm`,
      type: 'email',
      name: 'Confirm',
      to: ['requester'],
      subject: 'Request {{ trigger.number }} confirmed',
      body: `Team: {{ steps.${p}_ask.values.team }}`,
      ...next(exit),
    },
    {
      id: `${p}_flag`,
      type: 'chat',
      name: 'Flag it',
      to: 'slack:user/U0OPSLEAD1',
      text: 'Request {{ trigger.number }} needs a look.',
      ...next(exit),
    },
  ],
};

const note: Segment = {
  size: 1,
  entry: 'note',
  build: (p, exit) => [
    {
      id: `${p}_note`,
      type: 'transform',
      name: 'Note progress',
      set: { stage: `"${p}"` },
      ...next(exit),
    },
  ],
};

const finish: Segment = {
  size: 1,
  entry: 'done',
  build: (p) => [{ id: `${p}_done`, type: 'end', name: 'Done', output: { number: '{{ trigger.number }}' } }],
};

const ROTATION = [approvalRouting, parallelEnrichment, orderLines, nestedGraphs, formReview];

/** A valid document of exactly `nodeCount` nodes (nested ones included); at least 1. */
export function generateWorkflow(nodeCount: number): WorkflowDocument {
  const plan: Segment[] = [];
  let remaining = nodeCount - 1; // the final `end`
  for (let i = 0; remaining > 0; i++) {
    const segment = ROTATION[i % ROTATION.length]!;
    const chosen = segment.size <= remaining ? segment : note;
    plan.push(chosen);
    remaining -= chosen.size;
  }
  plan.push(finish);
  const prefixes = plan.map((_, i) => `s${i}`);
  const entries = plan.map((segment, i) => `${prefixes[i]}_${segment.entry}`);
  const nodes = plan.flatMap((segment, i) => segment.build(prefixes[i]!, entries[i + 1], entries[i - 1]));
  const document: WorkflowDocument = {
    schema: 'switchboard/workflow@1',
    name: `Generated workflow (${nodeCount} nodes)`,
    description: 'Synthetic document for the graph benchmark.',
    locale: 'en',
    trigger: { type: 'webhook' },
    nodes,
  };
  // As stored and sent: plain JSON, no undefined fields.
  return JSON.parse(JSON.stringify(document)) as WorkflowDocument;
}
