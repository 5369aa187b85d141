import { createHash } from 'node:crypto';

/**
 * Idempotency keys of side effects (DESIGN.md "Engine semantics"): derived from the step key
 * (run, node path, iteration) and never from the attempt, so every attempt of one step presents
 * the same key: the HTTP `Idempotency-Key` header, the SMTP `Message-ID`, the chat message key,
 * the generated key of a created record.
 */

/** 64 hex digits: SHA-256 of the step key and a purpose (so keys of different uses differ). */
export function idempotencyKeyOf(stepKey: string, purpose = ''): string {
  return createHash('sha256')
    .update(purpose === '' ? stepKey : `${purpose}\u0000${stepKey}`)
    .digest('hex');
}
