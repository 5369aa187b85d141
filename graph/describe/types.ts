/**
 * What `describe` returns: the structure (for chat cards and HTML) and the same content as text.
 * Sentences are in the chosen locale; texts of the document (names, titles, messages) are shown as
 * written.
 */
import type { NodeType } from '../schema/node.js';
import type { TriggerType } from '../schema/triggers.js';
import type { DescribeLocale } from './messages/catalogue.js';

export interface Description {
  /** The workflow's name, as written. */
  title: string;
  /** The workflow's description, as written. */
  description?: string;
  /** The locale of the sentences. */
  locale: DescribeLocale;
  /** The locale asked for (default: the document's); differs from `locale` after a fallback. */
  requestedLocale: string;
  trigger: DescribedTrigger;
  /** The top-level steps, numbered from 1, with nested graphs inside them. */
  steps: DescribedStep[];
  /** Every external host HTTP steps call, in order of appearance (lower case, with port). */
  hosts: string[];
  /** Hosts known only at run time, as the template in the URL that gives them. */
  computedHosts: string[];
  /** Every person and place the workflow names (approvers, assignees, recipients), once each. */
  people: DescribedPerson[];
  /** Things a reviewer should know: unsupported locale, hosts known only at run time, dead settings. */
  warnings: DescribeWarning[];
  /** All of the above as Markdown-ish plain text for chat. */
  text: string;
}

export interface DescribedTrigger {
  type: TriggerType;
  /** One sentence: "Starts every weekday at 09:00 (Europe/Paris)." */
  summary: string;
  details: string[];
}

export interface DescribedStep {
  /** "3", or "3.1.2" for the second step of branch 1 of step 3. */
  number: string;
  id: string;
  type: NodeType;
  /** The step's name as written, or its id when it has none. */
  name: string;
  /** What the step does, in one phrase. */
  summary: string;
  /** One sentence each: who, what, limits, outcomes, failure handling. */
  details: string[];
  /** Where the run can go from here, as in the graph. */
  transitions: DescribedTransition[];
  /** Parallel branches or a loop body. */
  groups: DescribedGroup[];
  /** The sentence saying what follows ("Then go to step 4 (Pay)."), for steps with one way on. */
  onward: string | null;
}

export interface DescribedTransition {
  /** As in the graph registry: `next`, `case 1`, `default`, `approved`, `on error`, … */
  label: string;
  target: string;
  /** The target's step number, or null when the target does not exist. */
  step: string | null;
}

export interface DescribedGroup {
  /** The number prefix of the steps inside: "3.1" for a branch, "4" for a loop body. */
  number: string;
  title: string;
  steps: DescribedStep[];
}

export interface DescribedPerson {
  reference: string;
  /** The reference in words: "the finance group". */
  text: string;
}

export type DescribeWarningCode =
  | 'locale_fallback'
  | 'host_computed'
  | 'timed_out_ignored'
  | 'escalate_unused'
  | 'timeout_without_deadline';

export interface DescribeWarning {
  code: DescribeWarningCode;
  /** The step concerned, by number. */
  step: string | null;
  message: string;
}
