/**
 * The CEL environment every expression is parsed and evaluated in: the standard library of
 * cel-js, plus the few functions workflows need and the numeric rules for JSON data.
 *
 * Numbers. The run context is JSON, whose numbers reach CEL as `double`, while literals such as
 * `5000` are `int`. Standard CEL has no arithmetic between the two (`trigger.amount + 1` would be
 * "no such overload"), so we add it: `int` and `double` mixed in `+ - * / %` give a `double`, and
 * `==` compares them by value. Comparisons across the two already work. Two `int` literals keep
 * CEL's integer arithmetic (`7 / 2` is 3); data from the context is `double` (`trigger.n / 2` with
 * n = 7 is 3.5). Context values are not converted, so evaluation does not copy the context.
 */
import { Environment } from '@marcbachmann/cel-js';
import { ExpressionEvaluationError } from './errors.js';
import { SOURCE_LIMITS } from './limits.js';
import { activeSession } from './session.js';

const TIMESTAMP = 'google.protobuf.Timestamp';
const SYNC = { async: false } as const;

function moduloOrFail(left: number, right: number): number {
  if (right === 0)
    throw new ExpressionEvaluationError('arithmetic', 'Modulo by zero: the right side of % is 0.');
  return left % right;
}

function registerNumericMixing(env: Environment): void {
  const arithmetic = {
    '+': (a: number, b: number) => a + b,
    '-': (a: number, b: number) => a - b,
    '*': (a: number, b: number) => a * b,
    '/': (a: number, b: number) => a / b,
  } as const;
  for (const [op, apply] of Object.entries(arithmetic)) {
    env.registerOperator(`int ${op} double`, (a: bigint, b: number) => apply(Number(a), b));
    env.registerOperator(`double ${op} int`, (a: number, b: bigint) => apply(a, Number(b)));
  }
  // CEL has no % on doubles; JSON integers are doubles, so `index % 2` needs it.
  env.registerOperator('double % double', (a: number, b: number) => moduloOrFail(a, b));
  env.registerOperator('double % int', (a: number, b: bigint) => moduloOrFail(a, Number(b)));
  env.registerOperator('int % double', (a: bigint, b: number) => moduloOrFail(Number(a), b));
  env.registerOperator('int == double', (a: bigint, b: number) => Number(a) === b);
}

function now(): Date {
  const clock = activeSession()?.now;
  if (clock === undefined) {
    throw new ExpressionEvaluationError(
      'no_clock',
      'now() has no time to return: the caller must pass the evaluation time as options.now.',
    );
  }
  return clock;
}

function timestampFromSeconds(seconds: number): Date {
  const date = new Date(seconds * 1000);
  if (Number.isNaN(date.getTime())) {
    throw new ExpressionEvaluationError(
      'invalid_argument',
      `timestamp(${seconds}) is not a time: pass Unix seconds or an ISO 8601 string.`,
    );
  }
  return date;
}

function registerWorkflowFunctions(env: Environment): void {
  env.registerFunction(`now(): ${TIMESTAMP}`, now, {
    ...SYNC,
    description: 'The evaluation time the engine supplies (the same for every call in one evaluation).',
  });
  env.registerFunction(`timestamp(double): ${TIMESTAMP}`, timestampFromSeconds, {
    ...SYNC,
    description: 'The time that many Unix seconds after the epoch (JSON numbers are doubles).',
  });
  env.registerFunction('string.lower(): string', (text: string) => text.toLowerCase(), {
    ...SYNC,
    description: 'The string in lower case (all scripts, unlike lowerAscii()).',
  });
  env.registerFunction('string.upper(): string', (text: string) => text.toUpperCase(), {
    ...SYNC,
    description: 'The string in upper case (all scripts, unlike upperAscii()).',
  });
}

function createEnvironment(): Environment {
  const env = new Environment({
    // Context roots are checked by the validator (see analyze.ts), not by cel-js.
    unlistedVariablesAreDyn: true,
    // JSON objects mix value types: {"name": trigger.name, "count": 3} must be a valid literal.
    homogeneousAggregateLiterals: false,
    enableOptionalTypes: false,
    limits: {
      maxAstNodes: SOURCE_LIMITS.maxAstNodes,
      maxDepth: SOURCE_LIMITS.maxParserDepth,
      maxListElements: SOURCE_LIMITS.maxListElements,
      maxMapEntries: SOURCE_LIMITS.maxMapEntries,
      maxCallArguments: SOURCE_LIMITS.maxCallArguments,
    },
  });
  registerNumericMixing(env);
  registerWorkflowFunctions(env);
  return env;
}

export const celEnvironment: Environment = createEnvironment();

/** Names the environment defines itself (`int`, `string`, `cel`, `google`, …): never context roots. */
export const ENVIRONMENT_CONSTANTS: ReadonlySet<string> = new Set(
  celEnvironment.getDefinitions().variables.map((variable) => variable.name),
);

/** The class of CEL type values such as the result of `type(x)`; not exported by cel-js. */
export const CelTypeValue: abstract new (...args: never[]) => { readonly name: string } =
  celEnvironment.evaluate('int').constructor;

/** Functions that are registered but not offered: `matches` (see parse.ts) and optional-type helpers. */
const HIDDEN_FUNCTIONS = new Set(['matches', 'hasValue', 'value', 'none', 'of', 'or', 'orValue']);

/** Names of the functions, methods and macros an expression may call, for messages. */
export const FUNCTION_NAMES: readonly string[] = [
  ...new Set(celEnvironment.getDefinitions().functions.map((fn) => fn.name)),
].filter((name) => !HIDDEN_FUNCTIONS.has(name));
