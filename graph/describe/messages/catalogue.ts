import { de } from './de.js';
import { en, type Messages } from './en.js';
import { fr } from './fr.js';

/** Every locale `describe` speaks; `en` is the reference and the fallback. */
export const DESCRIBE_MESSAGES = { en, fr, de } as const satisfies Record<string, Messages>;

export type DescribeLocale = keyof typeof DESCRIBE_MESSAGES;

export const DESCRIBE_LOCALES = Object.keys(DESCRIBE_MESSAGES) as DescribeLocale[];

export type { Messages };
