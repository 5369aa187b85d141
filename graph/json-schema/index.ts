/**
 * JSON Schema export of the workflow document for LLM structured output, generated from the zod
 * schema in the variants providers accept, with the codec between each provider's wire form and
 * the document. Provider notes: `variants.ts`; the strict encoding: `strict.ts`.
 */
export type { WireForm } from './codec.js';
export { JsonSchemaExportError, LlmOutputDecodeError } from './errors.js';
export { DEF_NAMES } from './standard.js';
export { STRICT_KEYWORDS } from './strict.js';
export type { JsonSchema } from './types.js';
export {
  decodeLlmOutput,
  encodeForLlm,
  jsonSchemaFor,
  LLM_SCHEMA_VARIANTS,
  type LlmSchemaVariant,
  wireFormOf,
} from './variants.js';
