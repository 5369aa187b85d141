import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { DocumentFileError, UsageError } from '../errors.js';
import type { CommandContext } from './command.js';

/** The single FILE argument of `validate` and `describe`, read and parsed as JSON. */
export async function readDocumentArgument(
  positionals: string[],
  context: CommandContext,
): Promise<{ path: string; json: unknown }> {
  if (positionals.length !== 1) throw new UsageError('Give exactly one workflow document file.');
  const path = resolve(context.cwd, positionals[0] as string);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new DocumentFileError(`Cannot read ${path}: ${(error as Error).message}`, { cause: error });
  }
  try {
    return { path, json: JSON.parse(text) };
  } catch (error) {
    throw new DocumentFileError(`${path} is not JSON: ${(error as Error).message}`, { cause: error });
  }
}
