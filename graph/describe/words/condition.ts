/**
 * Words for the simplest conditions only: one comparison between a context path and a literal
 * (or two paths). Anything else is shown as the expression alone; guessing would not be faithful.
 */
import type { Messages } from '../messages/catalogue.js';
import { code } from './inline.js';

const PATH = String.raw`[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*|\[[0-9]+\])*`;
const LITERAL = String.raw`-?[0-9]+(?:\.[0-9]+)?|'[^'\\]*'|"[^"\\]*"`;
const OPERAND = `(?:${PATH}|${LITERAL})`;
const COMPARISON = new RegExp(`^\\s*(${OPERAND})\\s*(==|!=|>=|<=|>|<)\\s*(${OPERAND})\\s*$`);

type Operator = '==' | '!=' | '>=' | '<=' | '>' | '<';

type Words = (m: Messages) => (a: string, b: string) => string;

const WORDS: Record<Operator, Words> = {
  '>': (m) => m.greaterThan,
  '>=': (m) => m.atLeast,
  '<': (m) => m.lessThan,
  '<=': (m) => m.atMost,
  '==': (m) => m.equals,
  '!=': (m) => m.notEquals,
};

/** "trigger.amount is greater than 5000" for `trigger.amount > 5000`; null when not that simple. */
export function comparisonInWords(source: string, m: Messages): string | null {
  const match = COMPARISON.exec(source);
  if (match === null) return null;
  const [, left, operator, right] = match as unknown as [string, string, Operator, string];
  return WORDS[operator](m)(left, right);
}

/** An expression in code quotes, followed by its words when it is a simple comparison. */
export function conditionInWords(source: string, m: Messages): string {
  const words = comparisonInWords(source, m);
  return words === null ? code(source) : `${code(source)} (${words})`;
}
