/**
 * Graph benchmark (`npm run bench:graph`): times `validate` and `describe` on generated documents
 * of 10, 100 and 1,000 nodes and prints one JSON object. Target: a 1,000-node document validates
 * in under 50 ms (median) on the machine that runs it.
 */
import { cpus, loadavg, totalmem } from 'node:os';
import { describe } from '../graph/describe/index.js';
import type { Node } from '../graph/index.js';
import { WorkflowDocument } from '../graph/index.js';
import { jsonSchemaFor, LLM_SCHEMA_VARIANTS } from '../graph/json-schema/index.js';
import { validate } from '../graph/validate/index.js';
import { generateWorkflow } from './generate-workflow.js';

const SIZES = [
  { nodes: 10, iterations: 500 },
  { nodes: 100, iterations: 200 },
  { nodes: 1000, iterations: 60 },
] as const;
const TARGET = { nodes: 1000, validateMedianMs: 50 };

interface Timing {
  median: number;
  p95: number;
}

/** Runs `fn` for warm-up, then `iterations` timed times; milliseconds rounded to microseconds. */
function time(iterations: number, fn: () => void): Timing {
  for (let i = 0; i < Math.max(5, Math.ceil(iterations / 5)); i++) fn();
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const start = performance.now();
    fn();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.ceil(q * samples.length) - 1)]!;
  const round = (ms: number) => Math.round(ms * 1000) / 1000;
  return { median: round(at(0.5)), p95: round(at(0.95)) };
}

function countNodes(nodes: readonly Node[]): number {
  return nodes.reduce((n, node) => {
    if (node.type === 'loop') return n + 1 + countNodes(node.nodes);
    if (node.type === 'parallel') return n + 1 + node.branches.reduce((m, b) => m + countNodes(b.nodes), 0);
    return n + 1;
  }, 0);
}

/** Stops the run with the problems when a generated document is not valid: timing it would lie. */
function assertValid(nodes: number, input: unknown): number {
  const parsed = WorkflowDocument.safeParse(input);
  if (!parsed.success) fail(nodes, 'does not match the schema', parsed.error.issues);
  if (countNodes(parsed.data.nodes) !== nodes) fail(nodes, `has ${countNodes(parsed.data.nodes)} nodes`, []);
  const result = validate(input);
  if (!result.ok || result.errors.length > 0) fail(nodes, 'does not validate', result.errors);
  return result.warnings.length;
}

function fail(nodes: number, what: string, problems: unknown[]): never {
  process.stderr.write(
    `generated ${nodes}-node document ${what}:\n${JSON.stringify(problems.slice(0, 20), null, 2)}\n`,
  );
  process.exit(1);
}

const sizes = SIZES.map(({ nodes, iterations }) => {
  const input = generateWorkflow(nodes);
  const warnings = assertValid(nodes, input);
  const document = WorkflowDocument.parse(input);
  return {
    nodes,
    documentBytes: Buffer.byteLength(JSON.stringify(input)),
    iterations,
    validateMs: time(iterations, () => validate(input)),
    validateWarnings: warnings,
    describeMs: time(iterations, () => describe(document, { locale: 'en' })),
  };
});

const largest = sizes.find((s) => s.nodes === TARGET.nodes);
const cpuList = cpus();
const report = {
  benchmark: 'graph',
  node: process.version,
  platform: `${process.platform}-${process.arch}`,
  cpu: { model: cpuList[0]?.model ?? 'unknown', cores: cpuList.length },
  memoryGb: Math.round(totalmem() / 2 ** 30),
  // Other processes share the machine; a high load inflates the figures.
  loadAverage: loadavg().map((load) => Math.round(load * 100) / 100),
  target: {
    ...TARGET,
    met: largest === undefined ? null : largest.validateMs.median < TARGET.validateMedianMs,
  },
  sizes,
  /** Bytes of compact JSON per provider variant: what every planner call sends. */
  jsonSchemaBytes: Object.fromEntries(
    LLM_SCHEMA_VARIANTS.map((variant) => [
      variant,
      Buffer.byteLength(JSON.stringify(jsonSchemaFor(variant))),
    ]),
  ),
};
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
