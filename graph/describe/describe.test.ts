import { expect, describe as group, it } from 'vitest';
import { describe } from './index.js';
import { documentOf, loadDocument, TEST_DOCUMENTS } from './test-documents/documents.js';
import type { DescribedStep } from './types.js';

/** Every step of a description, nested ones included, in reading order. */
function flatten(steps: DescribedStep[]): DescribedStep[] {
  return steps.flatMap((step) => [step, ...step.groups.flatMap((g) => flatten(g.steps))]);
}

function stepById(steps: DescribedStep[], id: string): DescribedStep {
  const step = flatten(steps).find((s) => s.id === id);
  if (step === undefined) throw new Error(`no step ${id}`);
  return step;
}

group('describe: invoice approval', () => {
  const result = describe(loadDocument('invoice-approval'));

  it('gives the title, description and trigger', () => {
    expect(result.title).toBe('Invoice approval');
    expect(result.description).toBe('Large invoices need finance approval before payment.');
    expect(result.trigger).toEqual({
      type: 'webhook',
      summary: 'Starts when a signed request arrives at its webhook URL.',
      details: ['The JSON body of the request is available as `trigger`.'],
    });
  });

  it('numbers the top-level steps in document order', () => {
    expect(result.steps.map((s) => `${s.number} ${s.id}`)).toEqual([
      '1 check_amount',
      '2 ask_finance',
      '3 pay',
      '4 email_vendor',
      '5 done',
      '6 tell_requester',
      '7 rejected_end',
      '8 payment_failed',
    ]);
  });

  it('says each decision case with its condition and target', () => {
    expect(stepById(result.steps, 'check_amount').details).toEqual([
      'If `trigger.amount > 5000` (trigger.amount is greater than 5000): go to step 2 (Finance approval).',
      'Else if `trigger.vendor in vars.blocked && trigger.amount > 0`: go to step 6 (Tell the requester).',
      'Otherwise: go to step 3 (Pay invoice).',
    ]);
  });

  it('says who approves, how, the deadline, reminders and the outcomes', () => {
    const step = stepById(result.steps, 'ask_finance');
    expect(step.summary).toBe('Ask for approval: “Approve invoice”');
    expect(step.details).toEqual([
      'Approvers: the finance group and controller@example.com.',
      '2 approvals are needed.',
      'Message: “Invoice {{ trigger.number }} from {{ trigger.vendor }} for {{ trigger.amount }} EUR”.',
      'The request shows: Amount (`{{ trigger.amount }} EUR`).',
      'Those who have not decided yet are reminded every 1 day, at most 2 times.',
      'If nobody decides within 3 days: the request goes to cfo@example.com.',
      'The person who started the run may not decide on their own request.',
      'A rejection needs a comment.',
      'If approved: go to step 3 (Pay invoice).',
      'If rejected: go to step 6 (Tell the requester).',
    ]);
    expect(step.onward).toBeNull();
  });

  it('says the HTTP call, its credential by name, statuses, limits, retry and failure path', () => {
    const step = stepById(result.steps, 'pay');
    expect(step.summary).toBe('Call POST `https://payments.example.com/api/transfers`');
    expect(step.details).toEqual([
      'Signs in with the stored credential “payments_api”; its value is never shown.',
      'Headers: `X-Tenant`.',
      'Sends a JSON body with the fields `number` and `amount`.',
      'Accepted statuses: 200, 201.',
      'Each attempt may take at most 30 seconds.',
      'If it fails, it is tried up to 5 times in all, waiting 2 seconds before the second attempt, 2× longer each time after, at most 1 minute.',
      'If this step fails: go to step 8 (Alert #finance).',
    ]);
    expect(step.onward).toBe('Then go to step 4 (Tell the vendor).');
  });

  it('lists the transitions of each step as in the graph', () => {
    expect(stepById(result.steps, 'pay').transitions).toEqual([
      { label: 'next', target: 'email_vendor', step: '4' },
      { label: 'on error', target: 'payment_failed', step: '8' },
    ]);
  });

  it('collects hosts and people once each, in order of appearance', () => {
    expect(result.hosts).toEqual(['payments.example.com']);
    expect(result.computedHosts).toEqual([]);
    expect(result.people).toEqual([
      { reference: 'group:finance', text: 'the finance group' },
      { reference: 'email:controller@example.com', text: 'controller@example.com' },
      { reference: 'email:cfo@example.com', text: 'cfo@example.com' },
      { reference: 'requester', text: 'the person who started the run' },
      { reference: 'slack:channel/C0FINANCE', text: 'Slack channel C0FINANCE' },
    ]);
  });

  it('renders the text with numbered steps, details and the inventory', () => {
    const lines = result.text.split('\n');
    expect(lines.slice(0, 5)).toEqual([
      '**Invoice approval**',
      'Large invoices need finance approval before payment.',
      '',
      'Starts when a signed request arrives at its webhook URL.',
      '- The JSON body of the request is available as `trigger`.',
    ]);
    expect(lines).toContain(
      '1. Large invoice? — Check the conditions in order; the first that is true decides the way on.',
    );
    expect(lines).toContain('   - Then go to step 4 (Tell the vendor).');
    expect(lines).toContain('External hosts called: payments.example.com.');
    expect(lines.at(-1)).toBe(
      'People and places involved: the finance group, controller@example.com, cfo@example.com, the person who started the run and Slack channel C0FINANCE.',
    );
    expect(result.warnings).toEqual([]);
  });
});

group('describe: nested graphs', () => {
  const result = describe(loadDocument('onboarding'));

  it('numbers parallel branches and their steps below the parallel step', () => {
    const prepare = stepById(result.steps, 'prepare');
    expect(prepare.groups.map((g) => [g.number, g.title, g.steps.map((s) => s.number)])).toEqual([
      ['2.1', 'Branch 2.1: IT', ['2.1.1', '2.1.2']],
      ['2.2', 'Branch 2.2', ['2.2.1']],
    ]);
  });

  it('numbers a loop body below the loop step', () => {
    const loop = stepById(result.steps, 'each_item');
    expect(loop.summary).toBe('For each `thing` in `vars.equipment`, run the steps below');
    expect(loop.details).toEqual([
      'Up to 3 items at a time.',
      'The step fails if the list has more than 20 items.',
    ]);
    expect(loop.groups[0]?.steps.map((s) => s.number)).toEqual(['3.1', '3.2']);
  });

  it('says how a path ends in a branch, a loop body and at top level', () => {
    expect(stepById(result.steps, 'notify_it').onward).toBe('Then this branch ends.');
    expect(stepById(result.steps, 'order').onward).toBe('Then this iteration ends.');
    expect(stepById(result.steps, 'price').onward).toBe('Then go to step 3.2 (Order one thing).');
  });

  it('indents nested steps in the text', () => {
    expect(result.text).toContain(
      '   Branch 2.1: IT\n      2.1.1. create_account — Call PUT `https://{{ vars.idpHost }}/users/{{ trigger.name }}`.',
    );
  });

  it('warns when a host is only known at run time and lists its template', () => {
    expect(result.hosts).toEqual([]);
    expect(result.computedHosts).toEqual(['{{ vars.idpHost }}']);
    expect(result.warnings).toEqual([
      {
        code: 'host_computed',
        step: '2.1.1',
        message: 'The host called by step 2.1.1 (create_account) is computed at run time.',
      },
    ]);
    expect(result.text).toContain('External hosts called: `{{ vars.idpHost }}` (computed at run time).');
  });
});

group('describe: locale', () => {
  const document = loadDocument('invoice-approval');

  it('defaults to the document locale', () => {
    const german = describe({ ...document, locale: 'de' });
    expect(german.locale).toBe('de');
    expect(german.trigger.summary).toBe(
      'Startet, wenn eine signierte Anfrage an seiner Webhook-URL eingeht.',
    );
  });

  it('uses the primary language of a regional tag', () => {
    const result = describe(document, { locale: 'fr-CA' });
    expect(result.locale).toBe('fr');
    expect(result.requestedLocale).toBe('fr-CA');
    expect(result.warnings).toEqual([]);
  });

  it('falls back to English for an unknown locale and says so', () => {
    const result = describe(document, { locale: 'es' });
    expect(result.locale).toBe('en');
    expect(result.requestedLocale).toBe('es');
    expect(result.warnings).toEqual([
      {
        code: 'locale_fallback',
        step: null,
        message: 'This description is in English because no description is available in “es”.',
      },
    ]);
    expect(result.text).toContain('Warnings:\n- This description is in English');
  });

  it('keeps the texts of the document as written', () => {
    const result = describe(document, { locale: 'fr' });
    expect(result.title).toBe('Invoice approval');
    expect(stepById(result.steps, 'ask_finance').summary).toBe(
      'Demander une approbation : « Approve invoice »',
    );
  });
});

group('describe: determinism', () => {
  it.each(TEST_DOCUMENTS)('gives the same result twice for %s', (name) => {
    const first = describe(loadDocument(name));
    const second = describe(loadDocument(name));
    expect(second).toEqual(first);
    expect(JSON.stringify(second)).toBe(JSON.stringify(first));
  });

  it('does not depend on the key order of the document', () => {
    const nodes = [{ id: 'a', type: 'transform', set: { x: '1' } }];
    const reordered = [{ set: { x: '1' }, type: 'transform', id: 'a' }];
    expect(describe(documentOf(reordered)).text).toBe(describe(documentOf(nodes)).text);
  });
});

group('describe: secrets', () => {
  it('hides user information in URLs and reports the host without it', () => {
    const result = describe(
      documentOf([
        { id: 'call', type: 'http', method: 'GET', url: 'https://bot:hunter2@api.example.com/v1' },
      ]),
    );
    expect(result.text).not.toContain('hunter2');
    expect(result.steps[0]?.summary).toBe('Call GET `https://…@api.example.com/v1`');
    expect(result.hosts).toEqual(['api.example.com']);
  });
});
