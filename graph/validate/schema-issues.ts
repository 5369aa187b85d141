/**
 * The shape check: the document's zod schema, with each zod issue turned into a problem whose
 * message names the place, says what is expected and, where it can, what to write instead
 * (the fields a node type has, the valid node types, the nearest valid name).
 */
import type { z } from 'zod';
import { NODE_SPECS, NODE_TYPES } from '../registry.js';
import { DURATION_PATTERN } from '../schema/common.js';
import { WorkflowDocument } from '../schema/document.js';
import { closest, didYouMean } from './closest.js';
import type { ProblemCode } from './codes.js';
import type { DocumentModel } from './model.js';
import type { Report } from './problems.js';
import { allowedValues, discriminatorValues, type SchemaInfo, schemaAt, valueAt } from './schema-path.js';
import { describeValue, listOf, placeOf, plural, quoteText } from './wording.js';

type Issue = z.core.$ZodIssue;

interface Draft {
  code: ProblemCode;
  pointer: string;
  message: string;
}
type Path = readonly PropertyKey[];

/** Names people and models use for node types, mapped to the type meant. */
const TYPE_SYNONYMS: ReadonlyMap<string, string> = new Map(
  Object.entries({
    if: 'decision',
    condition: 'decision',
    switch: 'decision',
    branch: 'decision',
    router: 'decision',
    approve: 'approval',
    approver: 'approval',
    review: 'approval',
    mail: 'email',
    send_email: 'email',
    message: 'chat',
    notify: 'chat',
    notification: 'chat',
    slack: 'chat',
    teams: 'chat',
    request: 'http',
    api: 'http',
    webhook: 'http',
    fetch: 'http',
    database: 'record',
    db: 'record',
    store: 'record',
    set: 'transform',
    code: 'transform',
    script: 'transform',
    assign: 'transform',
    variable: 'transform',
    delay: 'wait',
    sleep: 'wait',
    timer: 'wait',
    foreach: 'loop',
    for_each: 'loop',
    map: 'loop',
    iterate: 'loop',
    ai: 'llm',
    gpt: 'llm',
    prompt: 'llm',
    agent: 'llm',
    workflow: 'subworkflow',
    call_workflow: 'subworkflow',
    stop: 'end',
    finish: 'end',
    done: 'end',
    input: 'form',
    task: 'form',
  }),
);

/** Parses the input against the document schema, reporting every issue; the parsed document or undefined. */
export function checkSchema(
  input: unknown,
  model: DocumentModel,
  report: Report,
): z.infer<typeof WorkflowDocument> | undefined {
  let result: ReturnType<typeof WorkflowDocument.safeParse>;
  try {
    result = WorkflowDocument.safeParse(input);
  } catch {
    report(
      'schema.too_complex',
      '',
      'The input could not be read as a workflow document: it nests too deeply or refers to itself. Send plain JSON with at most a few levels of parallel and loop nesting.',
    );
    return undefined;
  }
  if (result.success) return result.data;
  const wording = new IssueWording(input, model);
  for (const issue of result.error.issues) {
    for (const problem of wording.problems(issue)) report(problem.code, problem.pointer, problem.message);
  }
  return undefined;
}

function toPointer(path: Path): string {
  return path.map((key) => `/${String(key).replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');
}

function article(word: string): string {
  return /^([aeiou]|http|llm)/i.test(word) ? `an ${word}` : `a ${word}`;
}

class IssueWording {
  constructor(
    private readonly input: unknown,
    private readonly model: DocumentModel,
  ) {}

  /** The problems one zod issue stands for (one per unknown key, else one). */
  problems(issue: Issue): Draft[] {
    const path = issue.path;
    const pointer = toPointer(path);
    switch (issue.code) {
      case 'unrecognized_keys':
        return issue.keys.map((key) => ({
          code: 'schema.unknown_field',
          pointer: toPointer([...path, key]),
          message: this.unknownField(path, key),
        }));
      case 'invalid_union':
        return [this.union(issue)];
      case 'invalid_type':
        return [this.type(issue)];
      case 'invalid_value':
        return [{ code: 'schema.invalid_value', pointer, message: this.value(path, issue.values) }];
      case 'invalid_format':
        return [this.format(issue)];
      case 'too_small':
      case 'too_big':
        return [{ code: 'schema.invalid_value', pointer, message: this.size(issue) }];
      case 'invalid_key': {
        const reason = issue.issues[0]?.message ?? 'is not an allowed key';
        const key = quoteText(String(path.at(-1)));
        const message = `${this.place(path.slice(0, -1))} has the key ${key}, which ${reason}: rename it.`;
        return [{ code: 'schema.invalid_value', pointer, message }];
      }
      default:
        return [
          {
            code: 'schema.invalid_value',
            pointer,
            message: `${this.place(path)} is not valid: ${issue.message}.`,
          },
        ];
    }
  }

  private place(path: Path): string {
    return placeOf(this.model, toPointer(path));
  }

  private info(path: Path): SchemaInfo | undefined {
    return schemaAt(WorkflowDocument, this.input, path);
  }

  /** "an approval node", "a schedule trigger", "the document", "this object". */
  private kindOf(path: Path): string {
    const pointer = toPointer(path);
    const node = this.model.byPointer.get(pointer);
    if (node?.type !== undefined) return `${article(node.type)} node`;
    if (pointer === '/trigger') {
      const type = valueAt(this.input, ['trigger', 'type']);
      return typeof type === 'string' ? `${article(type)} trigger` : 'the trigger';
    }
    if (pointer === '') return 'the document';
    return 'this object';
  }

  private unknownField(path: Path, key: string): string {
    const object = this.place(path);
    const fields = this.info(path)?.fields ?? [];
    const pointer = toPointer(path);
    const node = this.model.byPointer.get(pointer);
    const quoted = quoteText(key);
    if (node?.type !== undefined && key === 'next' && !NODE_SPECS[node.type].hasNext) {
      return node.type === 'end'
        ? `${object} has "next", but an end node stops its path. Remove "next", or use another node type if the run should continue.`
        : `${object} has "next", but a decision continues through cases[].next and "default". Remove "next"; put the node to take when no case is true in "default".`;
    }
    let hint = didYouMean(key, fields);
    if (hint === '' && node?.type !== undefined) {
      const owners = NODE_TYPES.filter((type) => fieldsOf(type).includes(key));
      if (owners.length > 0)
        hint = ` ${quoted} is a field of ${listOf(owners, 'and')} nodes, not of ${node.type} nodes.`;
    }
    return `${object} has an unknown field ${quoted}.${hint} Remove it or use one of the fields of ${this.kindOf(path)}: ${fields.join(', ')}.`;
  }

  private union(issue: Issue & { code: 'invalid_union' }): Draft {
    const path = issue.path;
    const pointer = toPointer(path);
    const discriminator = (issue as { discriminator?: string }).discriminator;
    if (discriminator === undefined) {
      return {
        code: 'schema.invalid_value',
        pointer,
        message: `${this.place(path)} is not valid: ${issue.message}.`,
      };
    }
    const options = ((issue as { options?: unknown[] }).options ?? []).map(String);
    const value = valueAt(this.input, path);
    const owner = path.slice(0, -1);
    const isNode = this.model.byPointer.has(toPointer(owner));
    const what = isNode ? 'node' : 'trigger';
    if (value === undefined) {
      const message = `${this.place(owner)} has no "${discriminator}". Add "${discriminator}": one of ${listOf(options, 'or')}.`;
      return { code: 'schema.required', pointer, message };
    }
    if (typeof value !== 'string') {
      const message = `${this.place(path)} must be a string naming the ${what} type (one of ${listOf(options, 'or')}), but is ${describeValue(value)}.`;
      return { code: 'schema.type', pointer, message };
    }
    const suggestion =
      closest(value, options) ?? (isNode ? TYPE_SYNONYMS.get(value.toLowerCase()) : undefined);
    const hint = suggestion === undefined ? '' : ` Did you mean "${suggestion}"?`;
    return {
      code: isNode ? 'schema.unknown_node_type' : 'schema.invalid_value',
      pointer,
      message: `${this.place(owner)} has the unknown ${what} type ${quoteText(value)}.${hint} The ${what} types are ${listOf(options, 'and')}.`,
    };
  }

  private type(issue: Issue & { code: 'invalid_type' }): Draft {
    const path = issue.path;
    const pointer = toPointer(path);
    const value = valueAt(this.input, path);
    const info = this.info(path);
    if (value === undefined && path.length > 0) {
      const key = String(path.at(-1));
      const about = info?.description === undefined ? this.shapeHint(info) : ` (${info.description})`;
      const message = `${this.place(path.slice(0, -1))} is missing the required field "${key}"${about}. Add it.`;
      return { code: 'schema.required', pointer, message };
    }
    const expected = this.expectedPhrase(issue.expected, info);
    let fix = '';
    if (issue.expected === 'array' && typeof value === 'string')
      fix = ` Write it as a list: [${JSON.stringify(value)}].`;
    if (issue.expected === 'string' && typeof value === 'number') fix = ` Write it in quotes: "${value}".`;
    return {
      code: 'schema.type',
      pointer,
      message: `${this.place(path)} must be ${expected}, but is ${describeValue(value)}.${fix}`,
    };
  }

  /** For a missing object: what it looks like, e.g. the trigger types. */
  private shapeHint(info: SchemaInfo | undefined): string {
    if (info === undefined) return '';
    const tags = discriminatorValues(info.schema);
    if (tags !== undefined) return ` (an object whose "${tags.key}" is one of ${listOf(tags.values, 'or')})`;
    if (info.fields !== undefined) return ` (${this.expectedPhrase('object', info)})`;
    return '';
  }

  private expectedPhrase(expected: string, info: SchemaInfo | undefined): string {
    switch (expected) {
      case 'object': {
        if (info?.fields === undefined) return 'an object';
        const required = new Set(info.requiredFields ?? []);
        const fields = info.fields.map((f) => (required.has(f) ? f : `${f}?`));
        return `an object with the fields ${fields.join(', ')} (? marks optional ones)`;
      }
      case 'array':
        return 'a list';
      case 'string':
        return 'a string';
      case 'number':
        return 'a number';
      case 'int':
        return 'a whole number';
      case 'boolean':
        return 'true or false';
      default:
        return article(expected);
    }
  }

  private value(path: Path, values: readonly unknown[]): string {
    const value = valueAt(this.input, path);
    const allowed = values.map((v) => String(v));
    const info = this.info(path);
    const all = info === undefined ? allowed : (allowedValues(info.schema) ?? allowed).map(String);
    if (all.length === 1) {
      return `${this.place(path)} must be ${JSON.stringify(all[0])}, but is ${describeValue(value)}.`;
    }
    const hint = typeof value === 'string' ? didYouMean(value, all) : '';
    return `${this.place(path)} must be one of ${listOf(all, 'or')}, but is ${describeValue(value)}.${hint}`;
  }

  private format(issue: Issue & { code: 'invalid_format' }): Draft {
    const path = issue.path;
    const pointer = toPointer(path);
    const value = valueAt(this.input, path);
    const pattern = (issue as { pattern?: string }).pattern;
    const got = `(it is ${describeValue(value)})`;
    if (pattern === String(DURATION_PATTERN)) {
      return {
        code: 'duration.invalid',
        pointer,
        message: `${this.place(path)} is not a duration ${got}: write a whole number followed by s, m, h, d or w, such as "30s", "15m", "2h", "3d" or "1w".`,
      };
    }
    const credential = path.at(-1) === 'credential' && path.at(-2) === 'auth';
    return {
      code: credential ? 'credential.invalid' : 'schema.invalid_value',
      pointer,
      message: `${this.place(path)} ${issue.message} ${got}.`,
    };
  }

  private size(issue: Issue & { code: 'too_small' | 'too_big' }): string {
    const path = issue.path;
    const value = valueAt(this.input, path);
    const small = issue.code === 'too_small';
    const bound = Number(small ? issue.minimum : issue.maximum);
    const inclusive = issue.inclusive !== false;
    const place = this.place(path);
    switch (issue.origin) {
      case 'string': {
        if (small && bound <= 1) return `${place} must not be empty.`;
        const length = typeof value === 'string' ? value.length : 0;
        return `${place} must have ${small ? 'at least' : 'at most'} ${plural(bound, 'character')}, but has ${length}.`;
      }
      case 'array': {
        const count = Array.isArray(value) ? value.length : 0;
        return `${place} must have ${small ? 'at least' : 'at most'} ${plural(bound, 'item')}, but has ${count}.`;
      }
      default: {
        const relation = small ? (inclusive ? 'at least' : 'more than') : inclusive ? 'at most' : 'less than';
        return `${place} must be ${relation} ${bound}, but is ${describeValue(value)}.`;
      }
    }
  }
}

const FIELDS_BY_TYPE = new Map<string, string[]>();

function fieldsOf(type: keyof typeof NODE_SPECS): string[] {
  let fields = FIELDS_BY_TYPE.get(type);
  if (fields === undefined) {
    const shape = (NODE_SPECS[type].schema as unknown as { shape?: Record<string, unknown> }).shape;
    fields = Object.keys(shape ?? {});
    FIELDS_BY_TYPE.set(type, fields);
  }
  return fields;
}
