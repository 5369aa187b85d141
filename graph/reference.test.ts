import { describe, expect, it } from 'vitest';
import { canonicalReference, parseReference } from './reference.js';

describe('canonicalReference', () => {
  it('lower-cases the address of an email reference', () => {
    expect(canonicalReference('email:Ann@Example.com')).toBe('email:ann@example.com');
    expect(canonicalReference('email:ANN@EXAMPLE.COM')).toBe('email:ann@example.com');
    expect(canonicalReference('email:ann@example.com')).toBe('email:ann@example.com');
  });

  it('leaves case-sensitive platform ids, groups and requester unchanged', () => {
    for (const reference of [
      'slack:user/U123ABC',
      'slack:channel/C123ABC',
      'teams:user/2b1A-Ff:x',
      'teams:channel/19:AbC@thread.tacv2',
      'group:finance',
      'requester',
    ]) {
      expect(canonicalReference(reference)).toBe(reference);
    }
  });

  it('is idempotent and keeps what the reference names', () => {
    const once = canonicalReference('email:Bob.Smith@X.org');
    expect(canonicalReference(once)).toBe(once);
    expect(parseReference(once)).toEqual({ kind: 'email', address: 'bob.smith@x.org' });
  });

  it('returns strings that are not references as they are', () => {
    expect(canonicalReference('Email:Ann@Example.com')).toBe('Email:Ann@Example.com');
    expect(canonicalReference('engine')).toBe('engine');
  });
});
