import { describe, expect, it } from 'vitest';
import { displayUrl, hostOfUrl } from './host.js';

describe('hostOfUrl', () => {
  it.each([
    ['https://API.Example.com/x', 'api.example.com'],
    ['http://localhost:8080/x?y', 'localhost:8080'],
    ['https://user:pw@example.com', 'example.com'],
    ['  https://example.com#frag', 'example.com'],
  ])('reads the host of %s', (url, host) => {
    expect(hostOfUrl(url)).toEqual({ host, computed: false });
  });

  it.each([
    ['https://{{ vars.host }}/x', '{{ vars.host }}'],
    ['https://{{ vars.tenant }}.example.com/x', '{{ vars.tenant }}.example.com'],
    ['{{ vars.url }}', '{{ vars.url }}'],
  ])('says the host of %s is computed at run time', (url, host) => {
    expect(hostOfUrl(url)).toEqual({ host, computed: true });
  });
});

describe('displayUrl', () => {
  it('hides user information', () => {
    expect(displayUrl('https://bot:secret@example.com/x')).toBe('https://…@example.com/x');
    expect(displayUrl('https://example.com/a@b')).toBe('https://example.com/a@b');
  });
});
