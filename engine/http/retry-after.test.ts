import { describe, expect, it } from 'vitest';
import { decodeBody } from './response-body.js';
import { MAX_RETRY_AFTER_MS, parseRetryAfter } from './retry-after.js';

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-03-01T10:00:00Z');
  it('reads seconds and HTTP dates, never negative, at most a day', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Sun, 01 Mar 2026 10:01:00 GMT', now)).toBe(60_000);
    expect(parseRetryAfter('Sun, 01 Mar 2026 09:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('9999999', now)).toBe(MAX_RETRY_AFTER_MS);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });
});

describe('decodeBody', () => {
  it('parses JSON content types and keeps the rest as text', () => {
    expect(decodeBody(Buffer.from('{"a":1}'), 'application/json; charset=utf-8')).toEqual({ a: 1 });
    expect(decodeBody(Buffer.from('{"a":1}'), 'application/problem+json')).toEqual({ a: 1 });
    expect(decodeBody(Buffer.from('{"a":1}'), 'text/plain')).toBe('{"a":1}');
    expect(decodeBody(Buffer.from('not json'), 'application/json')).toBe('not json');
    expect(decodeBody(Buffer.alloc(0), 'application/json')).toBeNull();
  });
});
