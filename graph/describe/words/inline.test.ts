import { describe, expect, it } from 'vitest';
import { DESCRIBE_MESSAGES } from '../messages/catalogue.js';
import { code, excerpt, gist, jsonFields, list } from './inline.js';

const { en, fr } = DESCRIBE_MESSAGES;

describe('inline formatting', () => {
  it('quotes code on one line, with longer fences around backticks', () => {
    expect(code('a &&\n  b')).toBe('`a && b`');
    expect(code('a `b`')).toBe('`` a `b` ``');
  });

  it('gives the first line of a text, marking what was cut', () => {
    expect(gist('\n  Hello  \nworld')).toBe('Hello…');
    expect(gist('Short')).toBe('Short');
    expect(gist('y'.repeat(81))).toBe(`${'y'.repeat(80)}…`);
  });

  it('folds a message onto one line and cuts it at 120 characters', () => {
    expect(excerpt('Hello,\n\n  world')).toBe('Hello, world');
    expect(excerpt('z'.repeat(121))).toBe(`${'z'.repeat(120)}…`);
  });

  it('joins lists in the language of the catalogue', () => {
    expect(list([], en)).toBe('');
    expect(list(['a'], en)).toBe('a');
    expect(list(['a', 'b', 'c'], en)).toBe('a, b and c');
    expect(list(['a', 'b'], fr)).toBe('a et b');
  });

  it('names the fields of JSON objects and shows other JSON whole', () => {
    expect(jsonFields({ a: 1, 'b c': 2 }, en)).toBe('`a` and `b c`');
    expect(jsonFields([1, 2], en)).toBe('`[1,2]`');
  });
});
