/** Which of the supported locales to speak, given the one asked for. */
export interface ResolvedLocale<L extends string> {
  /** The locale used. */
  locale: L;
  /** The locale asked for, as given. */
  requested: string;
  /** True when the requested locale is not supported and the fallback is used instead. */
  fellBack: boolean;
}

/**
 * Matches a BCP 47 tag against supported locales: exact match first ("pt-BR"), then the primary
 * language ("fr-CA" → "fr"), else the fallback. Case-insensitive.
 */
export function resolveLocale<L extends string>(
  requested: string,
  supported: readonly L[],
  fallback: L,
): ResolvedLocale<L> {
  const wanted = requested.toLowerCase();
  const primary = wanted.split('-')[0];
  const match =
    supported.find((locale) => locale.toLowerCase() === wanted) ??
    supported.find((locale) => locale.toLowerCase() === primary);
  return match === undefined
    ? { locale: fallback, requested, fellBack: true }
    : { locale: match, requested, fellBack: false };
}
