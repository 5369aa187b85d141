/**
 * `describe`: the deterministic plain-language preview people approve before a workflow is
 * activated. It is built from the validated document alone (never from model prose), says every
 * behaviour-changing field, and returns both a structure (for chat cards and HTML) and text.
 */
import type { WorkflowDocument } from '../schema/document.js';
import type { Node } from '../schema/node.js';
import type { DocumentContext, GraphKind } from './context.js';
import { hostsOf, peopleOf } from './inventory.js';
import { resolveLocale } from './locale.js';
import { DESCRIBE_LOCALES, DESCRIBE_MESSAGES } from './messages/catalogue.js';
import { renderText } from './text.js';
import { numberSteps } from './tree.js';
import { describeTrigger } from './trigger.js';
import type { DescribeWarning, Description } from './types.js';
import { describeGraph } from './walk.js';

export { DESCRIBE_LOCALES, type DescribeLocale } from './messages/catalogue.js';
export type {
  DescribedGroup,
  DescribedPerson,
  DescribedStep,
  DescribedTransition,
  DescribedTrigger,
  DescribeWarning,
  DescribeWarningCode,
  Description,
} from './types.js';

export interface DescribeOptions {
  /** BCP 47 tag of the sentences; default the document's `locale`. Unsupported → English, with a warning. */
  locale?: string;
}

/** Describes a (validated) workflow document in plain language. Same input, same output. */
export function describe(document: WorkflowDocument, options: DescribeOptions = {}): Description {
  const resolved = resolveLocale(options.locale ?? document.locale, DESCRIBE_LOCALES, 'en');
  const m = DESCRIBE_MESSAGES[resolved.locale];
  const warnings: DescribeWarning[] = resolved.fellBack
    ? [{ code: 'locale_fallback', step: null, message: m.localeFallback(resolved.requested) }]
    : [];
  const doc: DocumentContext = {
    m,
    places: numberSteps(document.nodes),
    warnings,
    describeGraph: (nodes: Node[], prefix: string, kind: GraphKind) =>
      describeGraph(nodes, prefix, kind, doc),
  };
  const steps = describeGraph(document.nodes, '', 'top', doc);
  const result: Omit<Description, 'text'> = {
    title: document.name,
    ...(document.description === undefined ? {} : { description: document.description }),
    locale: resolved.locale,
    requestedLocale: resolved.requested,
    trigger: describeTrigger(document.trigger, m),
    steps,
    ...hostsOf(document.nodes),
    people: peopleOf(document.nodes, m),
    warnings,
  };
  return { ...result, text: renderText(result, m) };
}
