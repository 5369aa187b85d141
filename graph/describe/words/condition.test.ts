import { describe, expect, it } from 'vitest';
import { DESCRIBE_MESSAGES } from '../messages/catalogue.js';
import { comparisonInWords, conditionInWords } from './condition.js';

const { en, de } = DESCRIBE_MESSAGES;

describe('comparisonInWords', () => {
  it.each([
    ['trigger.amount > 5000', 'trigger.amount is greater than 5000'],
    ['trigger.amount>=5000.5', 'trigger.amount is at least 5000.5'],
    ['vars.count < -1', 'vars.count is less than -1'],
    ['vars.count <= 3', 'vars.count is at most 3'],
    ['trigger.kind == "bug"', 'trigger.kind equals "bug"'],
    ["trigger.kind != 'bug'", "trigger.kind does not equal 'bug'"],
    ['event.number == trigger.items[0].number', 'event.number equals trigger.items[0].number'],
  ])('says %s in words', (source, words) => {
    expect(comparisonInWords(source, en)).toBe(words);
  });

  it.each([
    'trigger.a > 1 && trigger.b < 2',
    'size(trigger.tags) > 2',
    'trigger.amount > 5000 ? true : false',
    'trigger.tags.exists(t, t == "x")',
    '"a" + "b" == "ab"',
    'trigger.ok',
    "trigger.kind == 'it\\'s'",
  ])('gives no words for %s', (source) => {
    expect(comparisonInWords(source, en)).toBeNull();
  });
});

describe('conditionInWords', () => {
  it('shows the expression and, when simple, its words', () => {
    expect(conditionInWords('trigger.amount > 5000', en)).toBe(
      '`trigger.amount > 5000` (trigger.amount is greater than 5000)',
    );
    expect(conditionInWords('a.b && c', en)).toBe('`a.b && c`');
    expect(conditionInWords('trigger.amount > 5000', de)).toBe(
      '`trigger.amount > 5000` (trigger.amount ist größer als 5000)',
    );
  });
});
