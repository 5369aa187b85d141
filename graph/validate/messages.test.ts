/**
 * What the problems say: each main rule's message names the place and the fix, and the rules'
 * edges (what is not reported) hold. The invalid fixtures pin codes and pointers; these tests pin
 * wording that a repairing model relies on.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PROBLEM_CODES, type ProblemCode } from './codes.js';
import { type Problem, validate } from './index.js';

type Json = Record<string, unknown>;

/** A small valid invoice approval; tests change one thing each. */
function invoice(): Json & { nodes: Json[]; trigger: Json } {
  return {
    schema: 'switchboard/workflow@1',
    name: 'Invoice approval',
    locale: 'en',
    trigger: { type: 'webhook' },
    nodes: [
      {
        id: 'check_amount',
        type: 'decision',
        cases: [{ when: 'trigger.amount > 5000', next: 'ask_finance' }],
        default: 'pay',
      },
      {
        id: 'ask_finance',
        type: 'approval',
        approvers: ['group:finance'],
        title: 'Approve invoice',
        message: 'Invoice {{ trigger.number }} for {{ trigger.amount }} EUR',
        timeout: '3d',
        next: { approved: 'pay', rejected: 'rejected' },
      },
      {
        id: 'pay',
        type: 'http',
        method: 'POST',
        url: 'https://payments.example.com/api/payments',
        body: { invoice: '{{ trigger.number }}' },
        onError: 'payment_failed',
        next: 'paid',
      },
      { id: 'paid', type: 'end', message: 'Paid as {{ steps.pay.body.id }}' },
      { id: 'rejected', type: 'end', status: 'failed' },
      { id: 'payment_failed', type: 'chat', to: 'requester', text: 'Payment failed: {{ error.message }}' },
    ],
  };
}

const seen = new Set<string>();

function run(input: unknown) {
  const result = validate(input);
  for (const problem of [...result.errors, ...result.warnings]) seen.add(problem.code);
  return result;
}

/** The one problem with this code and pointer (fails when there is none). */
function problem(input: unknown, code: ProblemCode, pointer: string): Problem {
  const result = run(input);
  const found = [...result.errors, ...result.warnings].find((p) => p.code === code && p.pointer === pointer);
  expect(found, JSON.stringify([...result.errors, ...result.warnings], null, 1)).toBeDefined();
  return found!;
}

function codes(input: unknown): string[] {
  const result = run(input);
  return [...result.errors, ...result.warnings].map((p) => `${p.code} ${p.pointer}`);
}

function node(doc: { nodes: Json[] }, i: number): Json {
  return doc.nodes[i]!;
}

describe('result', () => {
  it('is ok with the parsed document when there are no errors, even with warnings', () => {
    const doc = invoice();
    node(doc, 0).retry = { maxAttempts: 2 };
    const result = run(doc);
    expect(result.ok).toBe(true);
    expect(result.errors).toEqual([]);
    expect(result.warnings.map((w) => w.code)).toEqual(['retry.no_side_effects']);
    expect(result.document?.name).toBe('Invoice approval');
  });

  it('has no document when there are errors', () => {
    const doc = invoice();
    node(doc, 2).next = 'nowhere';
    const result = run(doc);
    expect(result.ok).toBe(false);
    expect(result.document).toBeUndefined();
    expect(result.errors[0]?.severity).toBe('error');
  });

  it('sorts problems by pointer, array indexes numerically', () => {
    const doc = invoice();
    for (let i = 0; i < 12; i++) doc.nodes.push({ id: `extra_${i}`, type: 'end' });
    const pointers = run(doc).errors.map((p) => p.pointer);
    expect(pointers.slice(0, 3)).toEqual(['/nodes/6', '/nodes/7', '/nodes/8']);
    expect(pointers.at(-1)).toBe('/nodes/17');
  });

  it('keeps the specific problem when the schema flags the same field', () => {
    const doc = invoice();
    doc.trigger = { type: 'schedule', cron: '@daily', timezone: 'UTC' };
    expect(codes(doc)).toEqual(['cron.invalid /trigger/cron']);
    expect(problem(doc, 'cron.invalid', '/trigger/cron').message).toContain('"0 0 * * *"');
  });
});

describe('shape messages', () => {
  it('lists the node types and maps common names to the type meant', () => {
    const doc = invoice();
    node(doc, 5).type = 'notify';
    const message = problem(doc, 'schema.unknown_node_type', '/nodes/5/type').message;
    expect(message).toContain('nodes/5 (id "payment_failed")');
    expect(message).toContain('Did you mean "chat"?');
    expect(message).toContain('"decision", "approval", "form"');
  });

  it('lists the fields of the node type and suggests the nearest', () => {
    const doc = invoice();
    node(doc, 1).titel = 'Approve';
    const message = problem(doc, 'schema.unknown_field', '/nodes/1/titel').message;
    expect(message).toContain('Did you mean "title"?');
    expect(message).toContain('fields of an approval node: id, name, retry');
  });

  it('says which node types a misplaced field belongs to', () => {
    const doc = invoice();
    node(doc, 1).to = ['requester'];
    expect(problem(doc, 'schema.unknown_field', '/nodes/1/to').message).toContain(
      '"to" is a field of "email" and "chat" nodes, not of approval nodes',
    );
  });

  it('tells an end node has no next', () => {
    const doc = invoice();
    node(doc, 3).next = 'rejected';
    expect(problem(doc, 'schema.unknown_field', '/nodes/3/next').message).toContain(
      'an end node stops its path',
    );
  });

  it('names a missing field and, for the trigger, its types', () => {
    const doc: Json = invoice();
    delete doc.trigger;
    delete (doc.nodes as Json[])[1]!.title;
    expect(problem(doc, 'schema.required', '/nodes/1/title').message).toBe(
      'nodes/1 (id "ask_finance") is missing the required field "title". Add it.',
    );
    expect(problem(doc, 'schema.required', '/trigger').message).toContain(
      '"type" is one of "manual", "webhook", "schedule" or "event"',
    );
  });

  it('shows how to write a single value as a list', () => {
    const doc = invoice();
    node(doc, 1).approvers = 'group:finance';
    expect(problem(doc, 'schema.type', '/nodes/1/approvers').message).toContain(
      'Write it as a list: ["group:finance"]',
    );
  });

  it('lists the fields of an object given as a string', () => {
    const doc = invoice();
    node(doc, 1).next = 'pay';
    expect(problem(doc, 'schema.type', '/nodes/1/next').message).toContain(
      'must be an object with the fields approved, rejected, timed_out?',
    );
  });

  it('lists enum values with a suggestion', () => {
    const doc = invoice();
    node(doc, 1).mode = 'majorty';
    const message = problem(doc, 'schema.invalid_value', '/nodes/1/mode').message;
    expect(message).toContain('"any", "all", "majority", "quorum" or "sequential"');
    expect(message).toContain('Did you mean "majority"?');
  });

  it('reports durations under their own code', () => {
    const doc = invoice();
    node(doc, 1).timeout = '3 days';
    expect(problem(doc, 'duration.invalid', '/nodes/1/timeout').message).toContain(
      '"30s", "15m", "2h", "3d" or "1w"',
    );
  });

  it('reports nesting too deep to check', () => {
    let nodes: unknown[] = [{ id: 'leaf', type: 'end' }];
    for (let i = 0; i < 40; i++) nodes = [{ id: `l${i}`, type: 'loop', items: 'trigger.items', nodes }];
    const doc = { ...invoice(), nodes };
    expect(codes(doc).filter((c) => c.startsWith('schema.too_complex'))).toHaveLength(1);
  });
});

describe('ids and edges', () => {
  it('suggests the nearest id and lists the ids of the graph', () => {
    const doc = invoice();
    node(doc, 2).onError = 'paymnt_failed';
    const message = problem(doc, 'edge.unknown_target', '/nodes/2/onError').message;
    expect(message).toContain(
      'names "paymnt_failed", but no node has that id. Did you mean "payment_failed"?',
    );
    expect(message).toContain('Nodes of the top-level graph: check_amount, ask_finance, pay, paid');
  });

  it('names the graph an edge may not jump into', () => {
    const doc = invoice();
    doc.nodes.splice(4, 1, {
      id: 'rejected',
      type: 'parallel',
      branches: [
        { nodes: [{ id: 'tell_requester', type: 'chat', to: 'requester', text: 'Rejected' }] },
        { nodes: [{ id: 'log', type: 'record', entity: 'log', op: 'create', data: { x: 1 }, next: 'paid' }] },
      ],
    });
    const message = problem(doc, 'edge.cross_graph', '/nodes/4/branches/1/nodes/0/next').message;
    expect(message).toContain('names "paid", which is in another graph (nodes/3)');
    expect(message).toContain('Point it at a node of branch 2 of nodes/4 (id "rejected")');
  });

  it('counts an edge to a duplicated id for every node with that id', () => {
    const doc = invoice();
    node(doc, 4).id = 'paid';
    node(doc, 1).next = { approved: 'pay', rejected: 'paid' };
    expect(codes(doc)).toEqual(['id.duplicate /nodes/4/id']);
    expect(problem(doc, 'id.duplicate', '/nodes/4/id').message).toContain('which nodes/3 already has');
  });

  it('follows the edges of a node of unknown type without judging them', () => {
    const doc = invoice();
    node(doc, 1).type = 'approve';
    node(doc, 1).next = { approved: 'pay', rejected: 'rejected', later: 'nowhere' };
    expect(codes(doc)).toEqual(['schema.unknown_node_type /nodes/1/type']);
  });
});

describe('graph shape', () => {
  it('says when a node is unreachable only because its predecessor is', () => {
    const doc = invoice();
    node(doc, 0).default = 'ask_finance';
    node(doc, 1).next = { approved: 'rejected', rejected: 'rejected' };
    const pay = problem(doc, 'graph.unreachable', '/nodes/2').message;
    expect(pay).toContain('nodes/2 (id "pay") is never reached: no next, default, case');
    expect(problem(doc, 'graph.unreachable', '/nodes/3').message).toContain(
      'only nodes/2 (id "pay") leads to it, and that is not reached either',
    );
  });

  it('allows cycles with a way out and names the nodes of one without', () => {
    const doc = invoice();
    node(doc, 5).next = 'pay';
    expect(run(doc).errors).toEqual([]);
    node(doc, 0).default = 'ask_finance';
    node(doc, 0).cases = [{ when: 'trigger.amount > 5000', next: 'ask_finance' }];
    node(doc, 1).next = { approved: 'check_amount', rejected: 'check_amount' };
    const message = problem(doc, 'graph.cycle_without_exit', '/nodes/0').message;
    expect(message).toContain(
      'nodes/0 (id "check_amount"), nodes/1 (id "ask_finance") form a cycle with no way out',
    );
  });

  it('counts an onError leaving the cycle as a way out', () => {
    const doc = invoice();
    node(doc, 2).next = 'pay';
    expect(codes(doc)).toEqual(['graph.unreachable /nodes/3']);
  });
});

describe('expressions', () => {
  it('quotes the source and the position of a syntax error', () => {
    const doc = invoice();
    node(doc, 0).cases = [{ when: 'trigger.amount >> 5', next: 'ask_finance' }];
    const message = problem(doc, 'expression.syntax', '/nodes/0/cases/0/when').message;
    expect(message).toContain('nodes/0 (id "check_amount") field "cases[0].when" is not a valid expression');
    expect(message).toContain('"trigger.amount >> 5"');
    expect(message).toMatch(/offset \d+/);
  });

  it('suggests the variable meant', () => {
    const doc = invoice();
    node(doc, 0).cases = [{ when: 'step.pay.ok && amount > 5', next: 'ask_finance' }];
    const message = problem(doc, 'expression.unknown_variable', '/nodes/0/cases/0/when').message;
    expect(message).toContain('reads "amount" and "step", which are not defined here');
    expect(message).toContain('write trigger.amount');
    expect(message).toContain('Did you mean "steps" instead of "step"?');
  });

  it('knows the loop item under its own name, and nowhere else', () => {
    const doc = invoice();
    doc.nodes.splice(3, 1, {
      id: 'paid',
      type: 'loop',
      items: 'trigger.lines',
      as: 'line',
      nodes: [
        {
          id: 'book',
          type: 'record',
          entity: 'line',
          op: 'create',
          data: { sku: '{{ line.sku }}', n: '{{ index }}' },
        },
      ],
    });
    expect(run(doc).errors).toEqual([]);
    node(doc, 5).text = '{{ line.sku }}';
    expect(problem(doc, 'expression.unknown_variable', '/nodes/5/text').message).toContain('"line"');
    node(doc, 5).text = '{{ item.sku }}';
    expect(problem(doc, 'expression.unknown_variable', '/nodes/5/text').message).toContain(
      '"item" exists only inside a loop body',
    );
  });

  it('suggests the step meant', () => {
    const doc = invoice();
    node(doc, 3).message = 'Paid as {{ steps.payy.body.id }}';
    expect(problem(doc, 'expression.unknown_step', '/nodes/3/message').message).toContain(
      'Did you mean "pay"?',
    );
  });

  it('warns about a step read before it can run, mentioning parallel branches only for them', () => {
    const doc = invoice();
    node(doc, 1).message = 'Will be paid as {{ steps.pay.body.id }}';
    const message = problem(doc, 'expression.step_not_before', '/nodes/1/message').message;
    expect(message).toContain('nodes/2 (id "pay") cannot have run before nodes/1 (id "ask_finance")');
    expect(message).not.toContain('parallel');
  });

  it('accepts a step of a parallel branch after the parallel step', () => {
    const doc = invoice();
    doc.nodes.splice(2, 1, {
      id: 'pay',
      type: 'parallel',
      branches: [
        { nodes: [{ id: 'transfer', type: 'http', method: 'POST', url: 'https://bank.example.com/t' }] },
        { nodes: [{ id: 'note', type: 'record', entity: 'note', op: 'create', data: { a: '1' } }] },
      ],
      next: 'paid',
    });
    node(doc, 3).message = 'Paid as {{ steps.transfer.body.id }}';
    expect(codes(doc).filter((c) => c.startsWith('expression'))).toEqual([]);
  });

  it('sees error on the onError path and below it, and warns elsewhere', () => {
    const doc = invoice();
    node(doc, 5).next = 'paid';
    expect(run(doc).warnings).toEqual([]);
    node(doc, 4).message = 'Rejected: {{ error.message }}';
    expect(problem(doc, 'expression.error_outside_handler', '/nodes/4/message').message).toContain(
      'no onError leads to nodes/4 (id "rejected")',
    );
  });

  it('lets a trigger filter read only the trigger', () => {
    const doc = invoice();
    doc.trigger = { type: 'event', event: 'invoice.created', filter: 'trigger.amount > vars.limit' };
    expect(problem(doc, 'expression.unknown_variable', '/trigger/filter').message).toContain(
      'can read only "trigger"',
    );
  });
});

describe('formats', () => {
  function schedule(cron: string, timezone = 'Europe/Paris') {
    const doc = invoice();
    doc.trigger = { type: 'schedule', cron, timezone };
    return doc;
  }

  it('checks cron expressions', () => {
    expect(codes(schedule('0 9 * * 1-5'))).toEqual([]);
    expect(problem(schedule('0 9 * * * *'), 'cron.invalid', '/trigger/cron').message).toContain(
      'Seconds are not supported',
    );
    expect(problem(schedule('0 0 31 4 *'), 'cron.never_fires', '/trigger/cron').message).toContain(
      'never fires',
    );
    expect(codes(schedule('0 0 29 2 *'))).toEqual([]);
  });

  it('checks time zones', () => {
    expect(codes(schedule('0 9 * * *', 'UTC'))).toEqual([]);
    expect(codes(schedule('0 9 * * *', 'Etc/GMT+5'))).toEqual([]);
    expect(
      problem(schedule('0 9 * * *', 'america/new_york'), 'timezone.invalid', '/trigger/timezone').message,
    ).toContain('write it as "America/New_York"');
    expect(
      problem(schedule('0 9 * * *', 'US/Pacific'), 'timezone.alias', '/trigger/timezone').message,
    ).toContain('"America/Los_Angeles"');
    expect(
      problem(schedule('0 9 * * *', 'Europe/Pariss'), 'timezone.invalid', '/trigger/timezone').message,
    ).toContain('Did you mean "Europe/Paris"?');
  });

  it('suggests the reference form meant', () => {
    const doc = invoice();
    node(doc, 1).approvers = ['ann@example.com', 'slack:U0ANN', 'group:Finance Team'];
    expect(problem(doc, 'reference.invalid', '/nodes/1/approvers/0').message).toContain(
      'Did you mean "email:ann@example.com"?',
    );
    expect(problem(doc, 'reference.invalid', '/nodes/1/approvers/1').message).toContain(
      'Did you mean "slack:user/U0ANN"?',
    );
    expect(problem(doc, 'reference.invalid', '/nodes/1/approvers/2').message).toContain(
      'Did you mean "group:finance_team"?',
    );
  });

  it('accepts bare addresses and templates as email recipients', () => {
    const doc = invoice();
    doc.nodes.splice(3, 1, {
      id: 'paid',
      type: 'email',
      to: ['ap@example.com', '{{ trigger.vendorEmail }}', 'group:finance', 'email:cfo@example.com'],
      subject: 'Paid',
      body: 'Paid.',
    });
    expect(codes(doc)).toEqual([]);
  });

  it('wants people, not channels, as approvers and assignees', () => {
    const doc = invoice();
    node(doc, 1).approvers = ['teams:channel/19:abc@thread.tacv2'];
    expect(problem(doc, 'reference.not_person', '/nodes/1/approvers/0').message).toContain(
      'to post in a channel, add a chat step',
    );
  });

  it('checks HTTP URLs', () => {
    const url = (value: string) => {
      const doc = invoice();
      node(doc, 2).url = value;
      return codes(doc);
    };
    for (const fine of [
      'http://localhost:8080/hook',
      'https://{{ vars.host }}/api',
      '{{ trigger.callbackUrl }}',
      'https://api.example.com/items/{{ trigger.id }}?x=1',
    ]) {
      expect(url(fine), fine).toEqual([]);
    }
    for (const bad of [
      'localhost:8080/hook',
      '/api/items',
      'ftp://files.example.com/x',
      'https:/api.example.com',
      'https://api.example.com/a b',
    ]) {
      expect(url(bad), bad).toEqual(['url.invalid /nodes/2/url']);
    }
    expect(url('https://user:secret@api.example.com/x')).toEqual(['url.credentials /nodes/2/url']);
  });
});

describe('per-type rules', () => {
  it('counts approvers for quorum unless a group makes the count unknown', () => {
    const doc = invoice();
    Object.assign(node(doc, 1), {
      mode: 'quorum',
      quorum: 3,
      approvers: ['group:finance', 'email:a@example.com'],
    });
    expect(codes(doc)).toEqual([]);
    node(doc, 1).approvers = ['email:a@example.com', 'email:b@example.com', 'email:a@example.com'];
    expect(codes(doc)).toEqual([
      'approval.quorum_too_large /nodes/1/quorum',
      'approval.duplicate_approver /nodes/1/approvers/2',
    ]);
    expect(problem(doc, 'approval.quorum_too_large', '/nodes/1/quorum').message).toContain(
      'needs 3 approvals but has only 2 approvers',
    );
  });

  it('warns when onTimeout makes next.timed_out unused', () => {
    const doc = invoice();
    Object.assign(node(doc, 1), {
      onTimeout: 'reject',
      next: { approved: 'pay', rejected: 'rejected', timed_out: 'rejected' },
    });
    expect(codes(doc)).toEqual(['approval.timed_out_unused /nodes/1/next/timed_out']);
  });

  it('checks select options', () => {
    const doc = invoice();
    doc.nodes.splice(4, 1, {
      id: 'rejected',
      type: 'form',
      assignees: ['requester'],
      title: 'Why?',
      message: 'Tell us why.',
      fields: [{ key: 'reason', label: 'Reason', type: 'select', options: ['Price', 'Price'] }],
    });
    expect(codes(doc)).toEqual(['form.duplicate_option /nodes/4/fields/0/options/1']);
  });

  it('checks what record operations need and use', () => {
    const doc = invoice();
    doc.nodes.splice(4, 1, {
      id: 'rejected',
      type: 'record',
      entity: 'invoice',
      op: 'upsert',
      key: '{{ trigger.number }}',
    });
    expect(codes(doc)).toEqual(['record.data_required /nodes/4/data']);
    Object.assign(node(doc, 4), { op: 'delete', data: { status: 'rejected' } });
    expect(codes(doc)).toEqual(['record.data_unused /nodes/4/data']);
  });

  it('warns about empty transforms, retry delays out of order and literal secrets', () => {
    const doc = invoice();
    doc.nodes.splice(4, 1, { id: 'rejected', type: 'transform', set: {} });
    node(doc, 2).retry = { initialDelay: '5m', maxDelay: '1m' };
    node(doc, 2).headers = { 'X-Api-Key': 'abc123', Authorization: 'Bearer {{ vars.token }}' };
    expect(codes(doc)).toEqual([
      'http.secret_in_header /nodes/2/headers/X-Api-Key',
      'retry.delay_order /nodes/2/retry/initialDelay',
      'transform.empty /nodes/4/set',
    ]);
  });
});

describe('codes', () => {
  it('documents each code with a meaning', () => {
    for (const [code, info] of Object.entries(PROBLEM_CODES)) {
      expect(code).toMatch(/^[a-z]+\.[a-z_]+$/);
      expect(info.meaning.length).toBeGreaterThan(10);
    }
  });

  it('has each code exercised by a fixture or a test above', () => {
    const dir = fileURLToPath(new URL('../fixtures/invalid/', import.meta.url));
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
      const fixture = JSON.parse(readFileSync(`${dir}${file}`, 'utf8')) as {
        errors: Array<{ code: string }>;
        warnings?: Array<{ code: string }>;
      };
      for (const p of [...fixture.errors, ...(fixture.warnings ?? [])]) seen.add(p.code);
    }
    const untested = Object.keys(PROBLEM_CODES).filter(
      (code) => !seen.has(code) && code !== 'validator.internal',
    );
    expect(untested).toEqual([]);
  });
});
