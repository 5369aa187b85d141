/** Longest delay honoured from a Retry-After header: a day (the retry policy caps it further). */
export const MAX_RETRY_AFTER_MS = 86_400_000;

/**
 * Milliseconds to wait according to a `Retry-After` header: delay-seconds (`120`) or an HTTP date
 * (relative to `nowMs`). Undefined when absent or unreadable; never negative; at most a day.
 */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  let ms: number;
  if (/^\d+$/.test(text)) ms = Number(text) * 1000;
  else {
    const at = Date.parse(text);
    if (Number.isNaN(at)) return undefined;
    ms = at - nowMs;
  }
  return Math.min(Math.max(0, ms), MAX_RETRY_AFTER_MS);
}
