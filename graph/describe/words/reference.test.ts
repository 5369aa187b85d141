import { describe, expect, it } from 'vitest';
import { DESCRIBE_MESSAGES } from '../messages/catalogue.js';
import { recipientInWords, referenceInWords } from './reference.js';

const { en, fr } = DESCRIBE_MESSAGES;

describe('referenceInWords', () => {
  it.each([
    ['group:finance', 'the finance group'],
    ['email:a@b.com', 'a@b.com'],
    ['slack:user/U1', 'Slack user U1'],
    ['slack:channel/C1ABC', 'Slack channel C1ABC'],
    ['teams:user/0f9a-11', 'Teams user 0f9a-11'],
    ['teams:channel/19:x@thread.tacv2', 'Teams channel 19:x@thread.tacv2'],
    ['requester', 'the person who started the run'],
    ['finance', '`finance`'],
  ])('says %s', (reference, words) => {
    expect(referenceInWords(reference, en)).toBe(words);
  });

  it('speaks French', () => {
    expect(referenceInWords('group:finance', fr)).toBe('le groupe finance');
  });
});

describe('recipientInWords', () => {
  it('keeps bare addresses and marks templates as computed at run time', () => {
    expect(recipientInWords('ann@example.com', en)).toBe('ann@example.com');
    expect(recipientInWords('{{ trigger.email }}', en)).toBe('`{{ trigger.email }}` (computed at run time)');
    expect(recipientInWords('group:sales', en)).toBe('the sales group');
  });
});
