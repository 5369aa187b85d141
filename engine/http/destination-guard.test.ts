import { describe, expect, it } from 'vitest';
import { AllowListSyntaxError, forbiddenReason, parseAllowList, refusalOf } from './destination-guard.js';

describe('forbiddenReason', () => {
  it.each([
    '127.0.0.1',
    '127.1.2.3',
    '10.0.0.1',
    '172.16.5.4',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '::1',
    '::',
    'fc00::1',
    'fd12:3456::1',
    'fe80::1',
    'fe80::1%eth0',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:169.254.169.254',
    '64:ff9b::10.0.0.1',
    '2002:7f00:1::',
    'ff02::1',
  ])('refuses %s', (address) => {
    expect(forbiddenReason(address)).not.toBeNull();
  });

  it.each(['8.8.8.8', '93.184.216.34', '2606:4700::1111', '::ffff:8.8.8.8', '172.32.0.1', '100.128.0.1'])(
    'allows public %s',
    (address) => {
      expect(forbiddenReason(address)).toBeNull();
    },
  );
});

describe('parseAllowList / refusalOf', () => {
  it('allows listed hosts, addresses and ranges, in IPv4-mapped form too', () => {
    const allow = parseAllowList(' 127.0.0.1, 10.1.0.0/16 ,internal.example.com, [::1]');
    expect(refusalOf(allow, '127.0.0.1', '127.0.0.1')).toBeNull();
    expect(refusalOf(allow, '::ffff:127.0.0.1', '::ffff:127.0.0.1')).toBeNull();
    expect(refusalOf(allow, 'x', '10.1.200.3')).toBeNull();
    expect(refusalOf(allow, 'Internal.Example.com', '10.9.9.9')).toBeNull();
    expect(refusalOf(allow, '::1', '::1')).toBeNull();
    expect(refusalOf(allow, 'x', '10.2.0.1')).toMatch(/10\.2\.0\.1.*private.*HTTP_ALLOW_HOSTS/);
  });

  it('says which name resolved to the refused address', () => {
    expect(refusalOf(parseAllowList(''), 'localhost', '127.0.0.1')).toBe(
      'HTTP steps may not reach 127.0.0.1 (localhost resolves to 127.0.0.1): it is a loopback address ' +
        '(127.0.0.0/8). If this destination is intended, add it to HTTP_ALLOW_HOSTS.',
    );
  });

  it('rejects malformed entries', () => {
    expect(() => parseAllowList('10.0.0.0/33')).toThrow(AllowListSyntaxError);
    expect(() => parseAllowList('http://x')).toThrow(AllowListSyntaxError);
  });
});
