import { describe, expect, it } from 'vitest';
import { looksLikeDescription, parseIntent } from './intent.js';

describe('parseIntent', () => {
  it('reads command words, with or without /switchboard, and their argument', () => {
    expect(parseIntent('list')).toEqual({ kind: 'command', command: 'list', argument: '' });
    expect(parseIntent('/switchboard run Invoice approval')).toEqual({
      kind: 'command',
      command: 'run',
      argument: 'Invoice approval',
    });
    expect(parseIntent('Help!')).toEqual({ kind: 'command', command: 'help', argument: '' });
    expect(parseIntent('deactivate  weekly report ')).toMatchObject({
      command: 'deactivate',
      argument: 'weekly report',
    });
  });

  it('takes descriptions that merely start with a command word as text', () => {
    expect(parseIntent('run the sales report every Monday at 9')).toMatchObject({ kind: 'text' });
    expect(parseIntent('list new invoices each morning and email them to finance')).toMatchObject({
      kind: 'text',
    });
  });
});

describe('looksLikeDescription', () => {
  it('accepts automations and refuses greetings and fragments', () => {
    expect(looksLikeDescription('When a lead arrives, post it to #sales')).toBe(true);
    expect(looksLikeDescription('email finance weekly')).toBe(true);
    expect(looksLikeDescription('hi')).toBe(false);
    expect(looksLikeDescription('thanks a lot')).toBe(false);
    expect(looksLikeDescription('invoice')).toBe(false);
  });
});
