/**
 * Prompt templates as plain text files (`prompts/templates/<name>.md`): Markdown with a header
 * giving name, version and variables, loaded by name and rendered with variables. No prompt text
 * lives in code; the version is recorded with every LLM call made from a prompt.
 */
export { PromptError, PromptFormatError, PromptNotFoundError, PromptVariablesError } from './errors.js';
export { loadPrompt } from './load.js';
export { type Prompt, parsePrompt, renderPrompt } from './prompt.js';
