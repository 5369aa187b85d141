/**
 * The planner's description of the workflow language, generated from the `graph/` registry
 * (summaries, examples) and the document's JSON Schema (fields, types, enums, descriptions), so it
 * cannot drift from what the validator accepts. Compact on purpose: the full JSON Schema travels
 * separately as the structured-output schema; this is what the model reads to choose steps.
 *
 * Notation: `field?` optional; `[T]` list; `{k: T}` object; `{string: T}` map; `a|b` enum;
 * `id` node id; `template` text with {{ expression }} holes; `expr` CEL expression; `ref` person or
 * place reference; `text` text shown to people; `duration` "30s"…"1w"; `json` any JSON.
 */
import { type JsonSchema, jsonSchemaFor, NODE_SPECS, NODE_TYPES, type NodeType } from '../graph/index.js';

/** Field names every node has; listed once, not per type. */
const COMMON = ['id', 'type', 'name', 'retry', 'timeout', 'onError'];

interface Names {
  id: string | undefined;
  duration: string | undefined;
}

/** The catalogue text; `allowed` limits the node types shown (default all). Same input, same output. */
export function languageCatalogue(allowed: readonly NodeType[] = NODE_TYPES): string {
  const key = allowed.join(',');
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  const text = buildCatalogue(allowed);
  cache.set(key, text);
  return text;
}

const cache = new Map<string, string>();

function buildCatalogue(allowed: readonly NodeType[]): string {
  const schema = jsonSchemaFor('standard');
  const nodeBranches = nodeSchemas(schema);
  const first = nodeBranches.get(NODE_TYPES[0] as NodeType) ?? {};
  const props = propertiesOf(first);
  const names: Names = { id: patternOf(props.id), duration: patternOf(props.timeout) };
  const documentProps = propertiesOf(schema);
  const sections = [
    '## Document',
    `{${objectFields(schema, names, ['trigger', 'nodes'])}, trigger: Trigger, nodes: [Node]}`,
    '## Triggers (`trigger.type`)',
    ...branchesOf(documentProps.trigger).map((branch) => triggerLine(branch, names)),
    '## Fields of every node',
    COMMON.filter((field) => field !== 'type')
      .map((field) => fieldLine(field, props[field] ?? {}, isRequired(first, field), names))
      .join('; '),
    'Steps with side effects (http, email, chat, approval, form, record, subworkflow, llm) may set `retry`.',
    '## Node types (`type`)',
    ...allowed.map((type) => nodeSection(type, nodeBranches.get(type) ?? {}, names)),
  ];
  return sections.join('\n');
}

function nodeSection(type: NodeType, schema: JsonSchema, names: Names): string {
  const spec = NODE_SPECS[type];
  return [
    `### ${type} — ${spec.summary}`,
    `Fields: ${objectFields(schema, names, COMMON)}`,
    `Example: ${JSON.stringify(spec.example)}`,
  ].join('\n');
}

function triggerLine(branch: JsonSchema, names: Names): string {
  const type = (propertiesOf(branch).type as JsonSchema | undefined)?.const;
  const fields = objectFields(branch, names, ['type']);
  const description = typeof branch.description === 'string' ? ` — ${branch.description}` : '';
  return `- ${String(type)}${fields === '' ? '' : `: {${fields}}`}${description}`;
}

/** `a: T; b?: T — description` for every property but `skip`. */
function objectFields(schema: JsonSchema, names: Names, skip: readonly string[]): string {
  return Object.entries(propertiesOf(schema))
    .filter(([field]) => !skip.includes(field))
    .map(([field, property]) => fieldLine(field, property, isRequired(schema, field), names))
    .join('; ');
}

function fieldLine(field: string, property: JsonSchema, required: boolean, names: Names): string {
  const note = noteOf(property);
  return `${field}${required ? '' : '?'}: ${typeOf(property, names)}${note === undefined ? '' : ` — ${note}`}`;
}

/** A compact type expression for a property schema. */
function typeOf(schema: JsonSchema, names: Names): string {
  if (typeof schema.$ref === 'string') return schema.$ref.endsWith('/Node') ? 'Node' : 'json';
  const branches = branchesOf(schema);
  if (branches.length > 0) return branches.map((branch) => typeOf(branch, names)).join(' | ');
  if (Array.isArray(schema.enum)) return schema.enum.map(String).join('|');
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  switch (schema.type) {
    case 'array':
      return `[${typeOf((schema.items as JsonSchema | undefined) ?? {}, names)}]`;
    case 'object':
      return objectType(schema, names);
    case 'string':
      return stringType(schema, names);
    case 'integer':
      return 'int';
    default:
      return typeof schema.type === 'string' ? schema.type : 'json';
  }
}

function objectType(schema: JsonSchema, names: Names): string {
  const extra = schema.additionalProperties;
  if (typeof extra === 'object' && extra !== null && Object.keys(propertiesOf(schema)).length === 0) {
    return `{string: ${typeOf(extra as JsonSchema, names)}}`;
  }
  return `{${objectFields(schema, names, [])}}`;
}

function stringType(schema: JsonSchema, names: Names): string {
  const description = typeof schema.description === 'string' ? schema.description : '';
  if (schema.pattern !== undefined && schema.pattern === names.id) return 'id';
  if (schema.pattern !== undefined && schema.pattern === names.duration) return 'duration';
  if (description.startsWith('Template') || description.includes('template')) return 'template';
  if (description.startsWith('CEL expression')) return 'expr';
  if (description.startsWith('Person or place')) return 'ref';
  if (typeof schema.pattern === 'string') return `string /${schema.pattern}/`;
  return schema.minLength === 1 && schema.maxLength === 2000 ? 'text' : 'string';
}

/** A field's own description, unless it only restates its type (which the type name already says). */
function noteOf(schema: JsonSchema): string | undefined {
  const description = schema.description;
  if (typeof description !== 'string') return undefined;
  const generic = ['Template', 'CEL expression', 'Person or place', 'Node id', 'Duration:'];
  return generic.some((prefix) => description.startsWith(prefix)) ? undefined : description;
}

function nodeSchemas(schema: JsonSchema): Map<NodeType, JsonSchema> {
  const defs = (schema.$defs ?? {}) as Record<string, JsonSchema>;
  const out = new Map<NodeType, JsonSchema>();
  for (const branch of branchesOf(defs.Node ?? {})) {
    const type = (propertiesOf(branch).type as JsonSchema | undefined)?.const;
    if (typeof type === 'string') out.set(type as NodeType, branch);
  }
  return out;
}

function branchesOf(schema: JsonSchema | undefined): JsonSchema[] {
  const list = schema?.oneOf ?? schema?.anyOf;
  return Array.isArray(list) ? (list as JsonSchema[]) : [];
}

function propertiesOf(schema: JsonSchema): Record<string, JsonSchema> {
  return (schema.properties ?? {}) as Record<string, JsonSchema>;
}

function isRequired(schema: JsonSchema, field: string): boolean {
  return Array.isArray(schema.required) && schema.required.includes(field);
}

function patternOf(schema: JsonSchema | undefined): string | undefined {
  return typeof schema?.pattern === 'string' ? schema.pattern : undefined;
}
