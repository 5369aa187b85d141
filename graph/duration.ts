import { DURATION_PATTERN } from './schema/common.js';

const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;

/** Milliseconds of a GRAPH.md duration ("30s", "2h", "1w"), or null when it is not one. */
export function parseDuration(duration: string): number | null {
  const match = DURATION_PATTERN.exec(duration);
  if (match === null) return null;
  return Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
}

const UNIT_WORDS = { s: 'second', m: 'minute', h: 'hour', d: 'day', w: 'week' } as const;

/** A duration in English words: "30s" → "30 seconds", "1w" → "1 week". */
export function durationInWords(duration: string): string {
  const match = DURATION_PATTERN.exec(duration);
  if (match === null) return duration;
  const count = Number(match[1]);
  const word = UNIT_WORDS[match[2] as keyof typeof UNIT_WORDS];
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}
