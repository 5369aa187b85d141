import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PromptNotFoundError } from './errors.js';
import { type Prompt, parsePrompt } from './prompt.js';

const NAME = /^[a-z][a-z0-9-]{0,63}$/;

/**
 * The folder of prompt files: `prompts/templates/` next to this module in a checkout, or the
 * package's `prompts/templates/` when running the build from `dist/prompts/`.
 */
function defaultFolder(): string {
  const beside = fileURLToPath(new URL('./templates', import.meta.url));
  if (existsSync(beside)) return beside;
  return fileURLToPath(new URL('../../prompts/templates', import.meta.url));
}

const cache = new Map<string, Prompt>();

/**
 * Loads the prompt `name` (file `<folder>/<name>.md`), parsed and checked. Files are read once per
 * process and folder; default folder: `prompts/templates/`.
 */
export function loadPrompt(name: string, folder: string = defaultFolder()): Prompt {
  const key = `${folder}\0${name}`;
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  if (!NAME.test(name)) throw new PromptNotFoundError(name, folder);
  let source: string;
  try {
    source = readFileSync(join(folder, `${name}.md`), 'utf8');
  } catch (cause) {
    throw new PromptNotFoundError(name, folder, { cause });
  }
  const prompt = parsePrompt(name, source);
  cache.set(key, prompt);
  return prompt;
}
