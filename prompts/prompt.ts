/**
 * A prompt file: Markdown with a small header between `---` lines naming the prompt, its version
 * and its variables, then the body with `${variable}` holes.
 *
 * ```
 * ---
 * name: planner-system
 * version: 1.2.0
 * variables: catalogue, rules
 * ---
 * You plan workflows. ${catalogue}
 * ```
 *
 * `${…}` is used for holes because `{{ … }}` is the workflow language's own template syntax, which
 * prompts quote verbatim.
 */
import { PromptFormatError, PromptVariablesError } from './errors.js';

export interface Prompt {
  name: string;
  /** Recorded with every LLM call made from this prompt; bump it whenever the text changes. */
  version: string;
  /** Variables the body uses, as declared in the header. */
  variables: readonly string[];
  body: string;
}

const HEADER = /^---\n([\s\S]*?)\n---\n/;
const HOLE = /\$\{([a-zA-Z_][a-zA-Z0-9_]*)\}/g;
const VERSION = /^\d+\.\d+\.\d+$/;

/** Parses a prompt file's text; `name` is the file name, which the header must repeat. */
export function parsePrompt(name: string, source: string): Prompt {
  const text = source.replaceAll('\r\n', '\n');
  const header = HEADER.exec(text);
  if (header === null) throw new PromptFormatError(name, 'the file must start with a "---" header block.');
  const fields = parseHeader(name, header[1] as string);
  if (fields.name !== name) {
    throw new PromptFormatError(name, `the header says name "${fields.name ?? ''}"; it must be "${name}".`);
  }
  if (fields.version === undefined || !VERSION.test(fields.version)) {
    throw new PromptFormatError(name, 'the header needs "version: MAJOR.MINOR.PATCH".');
  }
  const variables = (fields.variables ?? '')
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');
  const body = text.slice(header[0].length).trim();
  const undeclared = [...new Set(holesOf(body))].filter((hole) => !variables.includes(hole));
  if (undeclared.length > 0) {
    throw new PromptFormatError(name, `the body uses undeclared variables: ${undeclared.join(', ')}.`);
  }
  return { name, version: fields.version, variables, body };
}

/** The body with every `${variable}` replaced; every declared variable must be given, and only those. */
export function renderPrompt(prompt: Prompt, values: Readonly<Record<string, string>>): string {
  const missing = prompt.variables.filter((v) => !Object.hasOwn(values, v));
  const unknown = Object.keys(values).filter((v) => !prompt.variables.includes(v));
  if (missing.length > 0) throw new PromptVariablesError(prompt.name, `missing ${missing.join(', ')}.`);
  if (unknown.length > 0) {
    throw new PromptVariablesError(prompt.name, `${unknown.join(', ')} not declared in its header.`);
  }
  // One pass: substituted values are never scanned for holes again.
  return prompt.body.replace(HOLE, (_hole, variable: string) => values[variable] as string);
}

function parseHeader(name: string, header: string): Record<string, string | undefined> {
  const fields: Record<string, string> = {};
  for (const line of header.split('\n')) {
    if (line.trim() === '') continue;
    const colon = line.indexOf(':');
    if (colon < 0) throw new PromptFormatError(name, `header line "${line}" is not "key: value".`);
    fields[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
  }
  return fields;
}

function holesOf(body: string): string[] {
  return [...body.matchAll(HOLE)].map((match) => match[1] as string);
}
