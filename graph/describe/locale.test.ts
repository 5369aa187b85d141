import { describe, expect, it } from 'vitest';
import { resolveLocale } from './locale.js';

const SUPPORTED = ['en', 'fr', 'de', 'pt-BR'] as const;

describe('resolveLocale', () => {
  it.each([
    ['fr', 'fr'],
    ['FR', 'fr'],
    ['de-AT', 'de'],
    ['pt-br', 'pt-BR'],
  ])('matches %s to %s', (requested, locale) => {
    expect(resolveLocale(requested, SUPPORTED, 'en')).toEqual({ locale, requested, fellBack: false });
  });

  it('falls back for unsupported locales', () => {
    expect(resolveLocale('es-MX', SUPPORTED, 'en')).toEqual({
      locale: 'en',
      requested: 'es-MX',
      fellBack: true,
    });
  });
});
