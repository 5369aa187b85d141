/**
 * The model's answer: one object `{ kind, workflow, questions, reason }` with the fields the kind
 * does not use null or omitted, and its wire forms per provider. The `workflow` part is the
 * document in the provider's wire form (`graph/`'s `jsonSchemaFor`, `decodeLlmOutput`); it is
 * checked by the validator, not by this schema, so that every problem comes back with the
 * validator's codes and pointers rather than as one unreadable parse failure.
 */
import { z } from 'zod';
import {
  decodeLlmOutput,
  type JsonSchema,
  jsonSchemaFor,
  LlmOutputDecodeError,
  type LlmSchemaVariant,
} from '../graph/index.js';
import type { LlmProviderName, WireFormat } from '../llm/index.js';

export const ANSWER_KINDS = ['workflow', 'questions', 'refusal'] as const;
export const QUESTION_TOPICS = [
  'approver',
  'person',
  'url',
  'credential',
  'schedule',
  'event',
  'entity',
  'host',
  'other',
] as const;

export const Question = z.object({
  topic: z.enum(QUESTION_TOPICS),
  question: z.string().min(1).max(1000),
  /** Choices the person can pick from, or absent. */
  options: z.array(z.string().min(1).max(300)).max(20).nullish(),
});

export type Question = z.infer<typeof Question>;

/** Both the null form (strict providers) and the omitted form (many compatible servers) parse. */
export const PlannerAnswer = z.object({
  kind: z.enum(ANSWER_KINDS),
  workflow: z.unknown().optional(),
  questions: z.array(Question).nullish(),
  reason: z.string().nullish(),
  /** Set by the wire decoder when the workflow could not be decoded (never sent by the model). */
  undecodable: z.object({ pointer: z.string(), message: z.string() }).optional(),
});

export type PlannerAnswer = z.infer<typeof PlannerAnswer>;

/** Which `graph/` schema variant a provider's structured output uses. */
export function variantFor(provider: LlmProviderName): LlmSchemaVariant {
  switch (provider) {
    case 'anthropic':
      return 'anthropic';
    case 'mistral':
      return 'mistral';
    // Compatible servers implement OpenAI's json_schema response format (some loosely, which
    // the decoder tolerates: omitted optionals, maps written as objects).
    case 'openai':
    case 'compatible':
      return 'openai-strict';
  }
}

const STRICT_VARIANTS: ReadonlySet<LlmSchemaVariant> = new Set(['openai-strict', 'mistral']);

const schemas = new Map<LlmSchemaVariant, JsonSchema>();

/** The answer's JSON Schema for a provider: the envelope around the document schema variant. */
export function answerSchemaFor(provider: LlmProviderName): JsonSchema {
  const variant = variantFor(provider);
  let schema = schemas.get(variant);
  if (schema === undefined) {
    schema = buildAnswerSchema(variant);
    schemas.set(variant, schema);
  }
  return structuredClone(schema);
}

function buildAnswerSchema(variant: LlmSchemaVariant): JsonSchema {
  const { $defs, $schema: _schema, ...workflow } = jsonSchemaFor(variant);
  const strict = STRICT_VARIANTS.has(variant);
  const optional = (schema: JsonSchema): JsonSchema =>
    strict ? { anyOf: [schema, { type: 'null' }] } : schema;
  const question: JsonSchema = {
    type: 'object',
    properties: {
      topic: { type: 'string', enum: [...QUESTION_TOPICS] },
      question: { type: 'string' },
      options: optional({ type: 'array', items: { type: 'string' }, description: 'Choices, or null' }),
    },
    required: strict ? ['topic', 'question', 'options'] : ['topic', 'question'],
    additionalProperties: false,
  };
  const properties = {
    kind: { type: 'string', enum: [...ANSWER_KINDS] },
    workflow: optional({ ...workflow, description: 'With kind "workflow": the complete document' }),
    questions: optional({ type: 'array', items: question, description: 'With kind "questions"' }),
    reason: optional({ type: 'string', description: 'With kind "refusal": why, and what is possible' }),
  };
  return {
    type: 'object',
    description: 'The planner answer: a workflow, clarifying questions, or a refusal',
    properties,
    required: strict ? Object.keys(properties) : ['kind'],
    additionalProperties: false,
    ...($defs === undefined ? {} : { $defs }),
  };
}

/** Decodes the wire form: nulls become absent, the workflow goes through `decodeLlmOutput`. */
export function decodeAnswer(provider: LlmProviderName, value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (item === null) continue;
    if (key === 'workflow') Object.assign(out, decodeWorkflow(provider, item));
    else if (key === 'questions' && Array.isArray(item)) out.questions = item.map(dropNulls);
    else out[key] = item;
  }
  return out;
}

function decodeWorkflow(provider: LlmProviderName, workflow: unknown): Record<string, unknown> {
  try {
    return { workflow: decodeLlmOutput(variantFor(provider), workflow) };
  } catch (error) {
    if (!(error instanceof LlmOutputDecodeError)) throw error;
    // Kept as sent, so the repair round can name the place instead of the answer disappearing.
    return { workflow, undecodable: { pointer: error.pointer, message: error.message } };
  }
}

function dropNulls(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== null));
}

/** The wire format handed to `generateObject`. */
export const ANSWER_WIRE: WireFormat = {
  name: 'workflow_plan',
  schemaFor: answerSchemaFor,
  decode: decodeAnswer,
};
