import { de } from './de.js';
import { type DiffMessages, en } from './en.js';
import { fr } from './fr.js';

/** Every locale `summarizeDiff` speaks; `en` is the reference and the fallback. */
export const DIFF_MESSAGES = { en, fr, de } as const satisfies Record<string, DiffMessages>;

export type DiffLocale = keyof typeof DIFF_MESSAGES;

export const DIFF_LOCALES = Object.keys(DIFF_MESSAGES) as DiffLocale[];

export type { DiffMessages };
