import { describe, expect, it } from 'vitest';
import { DESCRIBE_MESSAGES } from './messages/catalogue.js';
import { describeTrigger } from './trigger.js';

const { en } = DESCRIBE_MESSAGES;

describe('describeTrigger', () => {
  it('says a webhook start', () => {
    expect(describeTrigger({ type: 'webhook' }, en).summary).toBe(
      'Starts when a signed request arrives at its webhook URL.',
    );
  });

  it('says a schedule in words with its time zone', () => {
    expect(describeTrigger({ type: 'schedule', cron: '0 9 * * 1-5', timezone: 'Europe/Paris' }, en)).toEqual({
      type: 'schedule',
      summary: 'Starts every weekday at 09:00 (Europe/Paris).',
      details: ['Runs missed while the service was down are started once, not many times.'],
    });
  });

  it('says an event and its filter', () => {
    expect(
      describeTrigger({ type: 'event', event: 'invoice.created', filter: 'trigger.amount > 10' }, en),
    ).toEqual({
      type: 'event',
      summary: 'Starts when the event `invoice.created` is published.',
      details: ['Only when `trigger.amount > 10` (trigger.amount is greater than 10).'],
    });
  });

  it('says a manual start and its inputs', () => {
    expect(
      describeTrigger(
        {
          type: 'manual',
          inputs: [
            { key: 'amount', label: 'Amount', type: 'number', required: true },
            { key: 'who', label: 'Who', type: 'person' },
          ],
        },
        en,
      ),
    ).toEqual({
      type: 'manual',
      summary: 'Starts when someone runs it from chat, the web view, the API or the CLI.',
      details: ['Asks for: Amount (number, required); Who (person).'],
    });
    expect(describeTrigger({ type: 'manual' }, en).details).toEqual([]);
  });
});
