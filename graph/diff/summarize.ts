/**
 * Short lines for showing an edit in chat: "Added step "Notify #finance" (chat)",
 * "Changed "Finance approval": timeout 2d → 3d". Values are shown as written, shortened.
 */
import { resolveLocale } from '../describe/locale.js';
import type { Json } from '../schema/common.js';
import { DIFF_LOCALES, DIFF_MESSAGES, type DiffMessages } from './messages/catalogue.js';
import type { FieldChange, StepLocation, StepMove, WorkflowDiff } from './types.js';

const VALUE_LENGTH = 60;

export interface SummarizeOptions {
  /** BCP 47 tag of the lines; default "en". Unsupported locales get English. */
  locale?: string;
}

/** One line per change, in the order: workflow, trigger, added, removed, changed, moved. */
export function summarizeDiff(d: WorkflowDiff, options: SummarizeOptions = {}): string[] {
  const m = DIFF_MESSAGES[resolveLocale(options.locale ?? 'en', DIFF_LOCALES, 'en').locale];
  const lines = [
    ...(d.document.length === 0 ? [] : [m.changedDocument(fieldChanges(d.document, m))]),
    ...(d.trigger.length === 0 ? [] : [m.changedTrigger(fieldChanges(d.trigger, m, '/trigger'))]),
    ...d.added.map((step) => m.added(m.quote(step.name), step.type)),
    ...d.removed.map((step) => m.removed(m.quote(step.name), step.type)),
    ...d.changed.map((step) => m.changed(m.quote(step.name), fieldChanges(step.changes, m))),
    ...d.moved.map((step) => movedLine(step, m)),
  ];
  return lines.length === 0 ? [m.noChanges] : lines;
}

/** "timeout 2d → 3d; approvers group:a → group:a, group:b". */
function fieldChanges(changes: FieldChange[], m: DiffMessages, base = ''): string {
  return changes
    .map((c) => `${fieldLabel(c.pointer, base)}${value(c.before, m)} → ${value(c.after, m)}`)
    .join('; ');
}

/** `/next/approved` → "next.approved "; the base itself (a whole trigger) has no label. */
function fieldLabel(pointer: string, base: string): string {
  const path = pointer.slice(base.length).split('/').slice(1);
  const label = path.map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~')).join('.');
  return label === '' ? '' : `${label} `;
}

/** Lists of plain values (approvers, statuses) in full; other values shortened to 60 characters. */
function value(json: Json | undefined, m: DiffMessages): string {
  if (json === undefined) return m.none;
  if (Array.isArray(json) && json.every((item) => item === null || typeof item !== 'object')) {
    return json.map(String).join(', ');
  }
  const folded = (typeof json === 'string' ? json : JSON.stringify(json)).replace(/\s+/g, ' ').trim();
  return folded.length > VALUE_LENGTH ? `${folded.slice(0, VALUE_LENGTH).trimEnd()}…` : folded;
}

function movedLine(step: StepMove, m: DiffMessages): string {
  return m.moved(m.quote(step.name), step.to.index + 1, place(step.to, m));
}

/** "the top level", "branch 2 of "Review"", "the body of "Each line"". */
function place(location: StepLocation, m: DiffMessages): string {
  if (location.parentName === null) return m.topLevel;
  const parent = m.quote(location.parentName);
  const branch = /^\/branches\/(\d+)\/nodes$/.exec(location.graph);
  return branch === null ? m.bodyOf(parent) : m.branchOf(Number(branch[1]) + 1, parent);
}
