/**
 * `diff`: what changed between two versions of a workflow, for showing edits in chat. Steps are
 * matched by id across the whole document; `summarizeDiff` turns the result into short lines.
 */
export { diff, hasChanges } from './diff.js';
export { DIFF_LOCALES, type DiffLocale } from './messages/catalogue.js';
export { type SummarizeOptions, summarizeDiff } from './summarize.js';
export type {
  FieldChange,
  StepChange,
  StepLocation,
  StepMove,
  StepReference,
  WorkflowDiff,
} from './types.js';
