import type { Trigger } from '../schema/triggers.js';
import type { Messages } from './messages/catalogue.js';
import type { DescribedTrigger } from './types.js';
import { conditionInWords } from './words/condition.js';
import { cronInWords } from './words/cron.js';

export function describeTrigger(trigger: Trigger, m: Messages): DescribedTrigger {
  switch (trigger.type) {
    case 'webhook':
      return { type: 'webhook', summary: m.webhook, details: [m.webhookBody] };
    case 'schedule':
      return {
        type: 'schedule',
        summary: m.schedule(cronInWords(trigger.cron, trigger.timezone, m)),
        details: [m.scheduleMissed],
      };
    case 'event':
      return {
        type: 'event',
        summary: m.event(trigger.event),
        details: trigger.filter === undefined ? [] : [m.eventFilter(conditionInWords(trigger.filter, m))],
      };
    case 'manual': {
      const inputs = (trigger.inputs ?? []).map((i) =>
        m.input(i.label, m.inputTypes[i.type], i.required === true),
      );
      return {
        type: 'manual',
        summary: m.manual,
        details: inputs.length === 0 ? [] : [m.manualInputs(inputs.join('; '))],
      };
    }
  }
}
