/**
 * Bounds on expressions and templates. Size bounds are checked when a source is parsed (so a
 * document that exceeds them fails validation); work and result bounds are checked while
 * evaluating, by the meter in `meter.ts`.
 */

/** Bounds checked when parsing. Fixed: a document valid today must stay valid tomorrow. */
export const SOURCE_LIMITS = {
  /** Characters in one expression; the same bound as the `Expression` schema. */
  maxSourceLength: 4096,
  /** Characters in one template; the same bound as the `Template` schema. */
  maxTemplateLength: 20_000,
  /** `{{ }}` holes in one template. */
  maxTemplateHoles: 200,
  /** AST nodes the parser may produce for one expression. */
  maxAstNodes: 2000,
  /** Nesting of parentheses, calls, member accesses and aggregates, as the parser counts it. */
  maxParserDepth: 32,
  /** Height of the AST in nodes, which also bounds chains of `!` and `-` the parser does not count. */
  maxAstHeight: 64,
  /** Elements of one list literal. */
  maxListElements: 256,
  /** Entries of one map literal. */
  maxMapEntries: 256,
  /** Arguments of one function call. */
  maxCallArguments: 16,
} as const;

/** Bounds checked while evaluating; callers may lower or raise them per evaluation. */
export interface EvaluationLimits {
  /**
   * Work units one evaluation (one expression, or all holes of one template) may spend. A unit is
   * one AST node evaluated, one list element or map entry built, compared or searched, or
   * `CHARS_PER_WORK_UNIT` characters of a string built or compared. Default 1,000,000: 0.05 to
   * 0.3 s of CPU, enough for simple macros over lists of about 100,000 elements.
   */
  maxWork: number;
  /** Size of the result as JSON text, in UTF-16 code units. Default 1 MiB. */
  maxResultSize: number;
}

export const DEFAULT_EVALUATION_LIMITS: Readonly<EvaluationLimits> = Object.freeze({
  maxWork: 1_000_000,
  maxResultSize: 1024 * 1024,
});

/** Characters of a string that cost one work unit when a string is built, compared or searched. */
export const CHARS_PER_WORK_UNIT = 16;
