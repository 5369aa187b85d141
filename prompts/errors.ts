/**
 * Errors of `prompts/`. Each class has a stable `code`; all of them are bugs in a prompt file or
 * in the code rendering it (not user errors), so messages name the file and the fix.
 */

/** Base class of every error thrown by `prompts/`. */
export class PromptError extends Error {
  /** Stable, machine-readable identifier; never reused by another class. */
  readonly code: string;

  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** No prompt file with that name. */
export class PromptNotFoundError extends PromptError {
  constructor(name: string, folder: string, options?: ErrorOptions) {
    super('PROMPT_NOT_FOUND', `No prompt "${name}": expected the file ${folder}/${name}.md.`, options);
  }
}

/** The header is missing or malformed, or the body uses a variable the header does not declare. */
export class PromptFormatError extends PromptError {
  constructor(name: string, problem: string) {
    super('PROMPT_FORMAT', `Prompt "${name}" is malformed: ${problem}`);
  }
}

/** Rendering was given too few or unexpected variables. */
export class PromptVariablesError extends PromptError {
  constructor(name: string, problem: string) {
    super('PROMPT_VARIABLES', `Prompt "${name}" cannot be rendered: ${problem}`);
  }
}
