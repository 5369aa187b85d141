import { expect, describe as group, it } from 'vitest';
import { describe } from '../index.js';
import { documentOf } from '../test-documents/documents.js';
import type { DescribedStep } from '../types.js';

const END = { id: 'finish', type: 'end', name: 'Finish' };

/** Describes a document made of the given step followed by an end step, and returns the first step. */
function first(node: Record<string, unknown>, ...more: Record<string, unknown>[]): DescribedStep {
  const step = describe(documentOf([node, ...more, END])).steps[0];
  if (step === undefined) throw new Error('no step');
  return step;
}

group('decision', () => {
  it('says each case in order, then the default', () => {
    const step = first({
      id: 'route',
      type: 'decision',
      cases: [
        { when: "trigger.kind == 'bug'", next: 'finish' },
        { when: 'size(trigger.tags) > 2', next: 'finish' },
      ],
      default: 'finish',
    });
    expect(step.summary).toBe('Check the conditions in order; the first that is true decides the way on.');
    expect(step.details).toEqual([
      "If `trigger.kind == 'bug'` (trigger.kind equals 'bug'): go to step 2 (Finish).",
      'Else if `size(trigger.tags) > 2`: go to step 2 (Finish).',
      'Otherwise: go to step 2 (Finish).',
    ]);
    expect(step.onward).toBeNull();
  });
});

group('approval', () => {
  const base = {
    id: 'ask',
    type: 'approval',
    approvers: ['slack:user/U1ABC', 'requester'],
    title: 'OK?',
    message: 'Please decide.',
    next: { approved: 'finish', rejected: 'finish' },
  };

  it.each([
    [{}, 'The first approver to decide decides for everyone.'],
    [{ mode: 'all' }, 'Everyone must approve; one rejection rejects.'],
    [{ mode: 'majority' }, 'More than half of the approvers must approve.'],
    [{ mode: 'quorum', quorum: 1 }, '1 approval is needed.'],
    [{ mode: 'quorum' }, 'A quorum of approvals is needed, but how many is not set.'],
    [{ mode: 'sequential' }, 'The approvers decide one after another, in the order listed.'],
  ])('says how approvers decide (%o)', (mode, sentence) => {
    expect(first({ ...base, ...mode }).details[1]).toBe(sentence);
  });

  it('names approvers in words', () => {
    expect(first(base).details[0]).toBe('Approvers: Slack user U1ABC and the person who started the run.');
  });

  it.each([
    ['approve', 'If nobody decides within 2 hours: it is approved automatically.'],
    ['reject', 'If nobody decides within 2 hours: it is rejected automatically.'],
    ['fail', 'If nobody decides within 2 hours: the step fails.'],
  ])('says what happens on timeout with onTimeout %s', (onTimeout, sentence) => {
    expect(first({ ...base, timeout: '2h', onTimeout }).details).toContain(sentence);
  });

  it('follows next.timed_out when onTimeout is absent', () => {
    const step = first(
      { ...base, timeout: '1d', next: { ...base.next, timed_out: 'late' } },
      {
        id: 'late',
        type: 'end',
        name: 'Too late',
      },
    );
    expect(step.details).toContain('If nobody decides within 1 day: go to step 2 (Too late).');
  });

  it('says so when a timeout has no action', () => {
    expect(first({ ...base, timeout: '1d' }).details).toContain(
      'If nobody decides within 1 day: nothing is set to happen.',
    );
  });

  it('says self-approval and reject comments as set', () => {
    const step = first({ ...base, allowSelfApproval: true, requireRejectComment: false });
    expect(step.details).toContain('The person who started the run may decide on their own request.');
    expect(step.details).toContain('A rejection needs no comment.');
  });

  it('warns about timeout settings that never apply', () => {
    const doc = documentOf([
      {
        ...base,
        timeout: '1d',
        onTimeout: 'reject',
        escalateTo: ['group:cfo'],
        next: { ...base.next, timed_out: 'finish' },
      },
      { ...base, id: 'ask_again', onTimeout: 'approve' },
      END,
    ]);
    expect(describe(doc).warnings).toEqual([
      {
        code: 'timed_out_ignored',
        step: '1',
        message:
          'In step 1 (ask), the “timed out” way (step 3 (Finish)) is never taken because onTimeout is set.',
      },
      {
        code: 'escalate_unused',
        step: '1',
        message:
          'In step 1 (ask), escalateTo is set but onTimeout is not “escalate”, so nobody is escalated to. (the cfo group)',
      },
      {
        code: 'timeout_without_deadline',
        step: '2',
        message:
          'In step 2 (ask_again), what happens on timeout (it is approved automatically) is set, but no timeout is, so it never applies.',
      },
    ]);
  });
});

group('form', () => {
  it('says assignees, message and typed fields', () => {
    const step = first({
      id: 'details',
      type: 'form',
      assignees: ['group:hr'],
      title: 'Details',
      message: 'Fill in\n  the details.',
      fields: [
        { key: 'start', label: 'Start', type: 'date', required: true },
        { key: 'laptop', label: 'Laptop', type: 'boolean' },
        { key: 'team', label: 'Team', type: 'select', options: ['A', 'B'], required: true },
      ],
      timeout: '3d',
      next: 'finish',
    });
    expect(step.summary).toBe('Ask for a form to be filled in: “Details”');
    expect(step.details).toEqual([
      'Assigned to: the hr group.',
      'Message: “Fill in the details.”',
      'Fields: Start (date, required); Laptop (yes/no); Team (choice, one of “A”, “B”, required).',
      'Each attempt may take at most 3 days.',
    ]);
    expect(step.onward).toBe('Then go to step 2 (Finish).');
  });
});

group('email', () => {
  it('says recipients in words, copies, subject and body', () => {
    const step = first({
      id: 'mail',
      type: 'email',
      to: ['email:ann@example.com', 'bob@example.com', '{{ trigger.email }}'],
      cc: ['group:sales'],
      bcc: ['requester'],
      subject: 'Hello {{ trigger.name }}',
      body: 'Hi,\n\nwelcome.',
    });
    expect(step.summary).toBe(
      'Send an email to ann@example.com, bob@example.com and `{{ trigger.email }}` (computed at run time)',
    );
    expect(step.details).toEqual([
      'Copy to: the sales group.',
      'Blind copy to: the person who started the run.',
      'Subject: “Hello {{ trigger.name }}”.',
      'Body: “Hi, welcome.”',
    ]);
    expect(step.onward).toBe('Then the run completes.');
  });
});

group('chat', () => {
  it.each([
    ['slack:channel/C1ABC', 'Post a chat message to Slack channel C1ABC'],
    ['teams:channel/19:abc@thread.tacv2', 'Post a chat message to Teams channel 19:abc@thread.tacv2'],
    ['group:ops', 'Post a chat message to each member of the ops group'],
    ['requester', 'Post a chat message to the person who started the run'],
  ])('says who gets a message sent to %s', (to, summary) => {
    expect(first({ id: 'say', type: 'chat', to, text: 'Hi' }).summary).toBe(summary);
  });
});

group('http', () => {
  it('says method and URL, and no credential when none is used', () => {
    const step = first({ id: 'get', type: 'http', method: 'GET', url: 'https://api.example.com/x?y=1' });
    expect(step.summary).toBe('Call GET `https://api.example.com/x?y=1`');
    expect(step.details).toEqual([]);
  });

  it('says query names, a non-object body and a single body field', () => {
    expect(
      first({
        id: 'a',
        type: 'http',
        method: 'POST',
        url: 'https://a.example/',
        query: { q: '1' },
        body: [1],
      }).details,
    ).toEqual(['Query parameters: `q`.', 'Sends a JSON body.']);
    expect(
      first({ id: 'b', type: 'http', method: 'POST', url: 'https://a.example/', body: { only: '1' } })
        .details,
    ).toEqual(['Sends a JSON body with the field `only`.']);
  });
});

group('record', () => {
  it.each([
    ['create', 'Create a record in `ticket`'],
    ['update', 'Update a record in `ticket`'],
    ['upsert', 'Create or update a record in `ticket`'],
    ['delete', 'Delete a record from `ticket`'],
    ['get', 'Read a record from `ticket`'],
    ['query', 'Find records in `ticket`'],
  ])('says the operation %s', (op, summary) => {
    expect(first({ id: 'r', type: 'record', entity: 'ticket', op }).summary).toBe(summary);
  });

  it('says key, filter and fields', () => {
    const step = first({
      id: 'r',
      type: 'record',
      entity: 'ticket',
      op: 'query',
      where: 'record.priority >= 3',
    });
    expect(step.details).toEqual([
      'Only records where `record.priority >= 3` (record.priority is at least 3).',
    ]);
    const upsert = first({
      id: 'u',
      type: 'record',
      entity: 't',
      op: 'upsert',
      key: '{{ trigger.id }}',
      data: { a: 1 },
    });
    expect(upsert.details).toEqual(['Key: `{{ trigger.id }}`.', 'Fields set: `a`.']);
  });
});

group('transform', () => {
  it('says each variable and its expression', () => {
    const step = first({ id: 't', type: 'transform', set: { total: 'trigger.a + trigger.b', ok: 'true' } });
    expect(step.summary).toBe('Set 2 variables');
    expect(step.details).toEqual([
      'Sets `vars.total` to `trigger.a + trigger.b`.',
      'Sets `vars.ok` to `true`.',
    ]);
  });
});

group('wait', () => {
  it('says a duration and a time', () => {
    expect(first({ id: 'w', type: 'wait', for: '15m' }).summary).toBe('Wait 15 minutes');
    expect(first({ id: 'w', type: 'wait', until: 'timestamp(trigger.at)' }).summary).toBe(
      'Wait until `timestamp(trigger.at)`',
    );
  });

  it('says an event, its match, its timeout and where a timeout goes', () => {
    const step = first(
      {
        id: 'w',
        type: 'wait',
        event: { name: 'order.paid', match: 'event.id == trigger.id', timeout: '2d' },
        onTimeout: 'late',
        next: 'finish',
      },
      { id: 'late', type: 'end', status: 'failed' },
    );
    expect(step.summary).toBe('Wait for the event `order.paid`');
    expect(step.details).toEqual([
      'Only an event where `event.id == trigger.id` (event.id equals trigger.id).',
      'Gives up waiting after 2 days.',
      'If no event arrives in time: go to step 2 (late).',
    ]);
  });

  it('warns when onTimeout has no event timeout', () => {
    const result = describe(
      documentOf([
        { id: 'w', type: 'wait', event: { name: 'x.y' }, onTimeout: 'finish', next: 'finish' },
        END,
      ]),
    );
    expect(result.warnings.map((w) => w.message)).toEqual([
      'In step 1 (w), what happens on timeout (go to step 2 (Finish)) is set, but no timeout is, so it never applies.',
    ]);
  });
});

group('parallel', () => {
  it('says how many branches and when it continues', () => {
    const branches = [{ nodes: [{ id: 'a', type: 'transform', set: { a: '1' } }] }];
    expect(first({ id: 'p', type: 'parallel', branches }).summary).toBe(
      'Run 1 branch at the same time; continue when all have ended',
    );
    expect(first({ id: 'p', type: 'parallel', branches, waitFor: 'any' }).summary).toBe(
      'Run 1 branch at the same time; continue when the first has ended and cancel the others',
    );
  });
});

group('loop', () => {
  it('defaults to `item`, one at a time', () => {
    const step = first({ id: 'l', type: 'loop', items: 'trigger.rows', nodes: [{ id: 'x', type: 'end' }] });
    expect(step.summary).toBe('For each `item` in `trigger.rows`, run the steps below');
    expect(step.details).toEqual(['One item at a time.']);
    expect(step.groups).toMatchObject([{ number: '1', title: 'For each `item`:' }]);
  });
});

group('llm', () => {
  it('gives the first line of the prompt and the kind of answer', () => {
    const step = first({ id: 'ask', type: 'llm', prompt: 'Summarise this.\nBe brief.', output: 'json' });
    expect(step.summary).toBe('Ask a language model: “Summarise this.…”');
    expect(step.details).toEqual(['The answer is JSON.']);
    const text = first({ id: 'ask', type: 'llm', prompt: 'x'.repeat(100) });
    expect(text.summary).toBe(`Ask a language model: “${'x'.repeat(80)}…”`);
    expect(text.details).toEqual(['The answer is text.']);
  });
});

group('subworkflow', () => {
  it('names the workflow and its input fields', () => {
    const step = first({
      id: 's',
      type: 'subworkflow',
      workflow: 'Laptop order',
      input: { who: '{{ trigger.x }}' },
    });
    expect(step.summary).toBe('Run the workflow “Laptop order” and wait for its result');
    expect(step.details).toEqual(['Input: `who`.']);
  });
});

group('end', () => {
  it.each([
    [undefined, 'End the run as completed'],
    ['failed', 'End the run as failed'],
    ['cancelled', 'End the run as cancelled'],
  ])('says the status %s', (status, summary) => {
    const result = describe(documentOf([{ id: 'e', type: 'end', status, message: 'Bye', output: 'x' }]));
    expect(result.steps[0]).toMatchObject({
      summary,
      details: ['Message: “Bye”.', 'Output: `"x"`.'],
      onward: null,
    });
  });
});

group('common fields', () => {
  it('fills the retry policy with the defaults of GRAPH.md', () => {
    const step = first({ id: 'c', type: 'chat', to: 'requester', text: 'x', retry: { maxAttempts: 1 } });
    expect(step.details).toContain(
      'If it fails, it is tried up to 1 time in all, waiting 1 second before the second attempt, 2× longer each time after, at most 1 minute.',
    );
  });
});
