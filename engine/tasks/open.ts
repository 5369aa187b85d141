/**
 * Opening a task when an approval or form step starts: render its texts with the run context,
 * resolve who is designated (groups expanded with the membership recorded, `requester`
 * replaced, one entry per person), store it, announce it, and put the step to sleep until its
 * next timer (timeout or reminder).
 */
import {
  canonicalReference,
  type ExpressionContext,
  type Json,
  parseDuration,
  parseReference,
  renderTemplate,
} from '../../graph/index.js';
import { noPeopleDirectory, type PeopleDirectory } from '../people-directory.js';
import { enqueueStepJob } from '../sql/jobs.js';
import type { StepError, StepRow } from '../sql/steps.js';
import { type Designee, insertTask, type NewTask, selectTask, type TaskRow } from '../sql/tasks.js';
import type { Transition } from '../transition.js';
import type { TaskKind } from './api.js';
import { enqueueTaskNotice, recordTaskActivity } from './lifecycle.js';

export interface TaskRequest {
  kind: TaskKind;
  title: string;
  /** Template. */
  message: string;
  /** Approvals: facts with template values. */
  facts: { label: string; value: string }[];
  fields: NewTask['fields'];
  mode: string | null;
  quorum: number | null;
  references: string[];
  requireRejectComment: boolean;
  allowSelfApproval: boolean;
  /** Duration, e.g. `3d`. */
  timeout: string | undefined;
}

/** The directory the engine was built with (see Runtime); nobody known otherwise. */
export function directoryOf(t: Transition): PeopleDirectory {
  return (t.host as { directory?: PeopleDirectory }).directory ?? noPeopleDirectory;
}

/** Opens the task; returns it, or the step error that prevents it (bad template, nobody to ask). */
export async function openTask(
  t: Transition,
  step: StepRow,
  request: TaskRequest,
): Promise<TaskRow | StepError> {
  const fail = (code: string, message: string): StepError => ({
    code: `${request.kind}.${code}`,
    message,
    node: step.node_id,
  });
  const context = (await t.context(step.scope, step.state)) as ExpressionContext;
  let message: string;
  let facts: { label: string; value: string }[];
  try {
    message = renderTemplate(request.message, context, { now: t.now });
    facts = request.facts.map((f) => ({
      label: f.label,
      value: renderTemplate(f.value, context, { now: t.now }),
    }));
  } catch (error) {
    return fail(
      'template',
      `The request could not be rendered: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const resolved = await resolveDesignees(t, request.kind, request.references, 0, request.allowSelfApproval);
  if ('code' in resolved) return { ...resolved, node: step.node_id };
  if (request.mode === 'quorum' && (request.quorum ?? 1) > resolved.length) {
    return fail(
      'quorum_unreachable',
      `The approval needs ${request.quorum} approvals but only ${resolved.length} approver(s) could be asked; lower the quorum or add approvers.`,
    );
  }
  const timeoutMs = request.timeout === undefined ? null : parseDuration(request.timeout);
  const taskId = await insertTask(t.tx, {
    runId: t.run.id,
    stepKey: step.key,
    nodeId: step.node_id,
    kind: request.kind,
    title: request.title,
    message,
    facts,
    fields: request.fields,
    locale: t.index.document.locale,
    mode: request.mode,
    quorum: request.quorum,
    designated: resolved,
    requireRejectComment: request.requireRejectComment,
    allowSelfApproval: request.allowSelfApproval,
    requester: t.run.requester,
    dueAt: timeoutMs === null ? null : new Date(t.now.getTime() + timeoutMs),
    now: t.now,
  });
  const row = (await selectTask(t.tx, taskId)) as TaskRow;
  await recordTaskActivity(t, row, 'task.opened', {
    actor: 'engine',
    channel: 'engine',
    data: { title: row.title, designated: designeesJson(resolved), dueAt: row.due_at?.toISOString() ?? null },
  });
  const first = request.mode === 'sequential' ? resolved.slice(0, 1) : resolved;
  await enqueueTaskNotice(t.tx, {
    taskId,
    kind: 'opened',
    recipients: first.map((d) => d.reference),
    key: '0',
  });
  return row;
}

/**
 * The people `references` designate, in order, one entry per person: groups expanded (members
 * as they are now, recorded with the group), `requester` replaced by the run's requester. Without
 * allowSelfApproval the requester is left out of approvals (they could never decide). Designees
 * are recorded canonical (`email:Ann@Example.com` as `email:ann@example.com`): the task service
 * compares actors with them.
 */
export async function resolveDesignees(
  t: Transition,
  kind: TaskKind,
  references: string[],
  round: number,
  allowSelfApproval: boolean,
): Promise<Designee[] | { code: string; message: string }> {
  const directory = directoryOf(t);
  const tenantId = t.tx.tenantId;
  const candidates: { reference: string; viaGroup: string | null }[] = [];
  const addCandidate = (reference: string, viaGroup: string | null) =>
    candidates.push({ reference: canonicalReference(reference), viaGroup });
  for (const reference of references) {
    const parsed = parseReference(reference);
    if (parsed === null || parsed.kind === 'slack_channel' || parsed.kind === 'teams_channel') {
      return {
        code: `${kind}.invalid_assignee`,
        message: `"${reference.slice(0, 200)}" is not a person or group; tasks go to people (slack:user/…, teams:user/…, email:…, group:…, requester).`,
      };
    }
    if (parsed.kind === 'requester') {
      if (t.run.requester === null) {
        return {
          code: `${kind}.no_requester`,
          message:
            'The task goes to "requester", but this run was not started by a known person (webhook, schedule or event).',
        };
      }
      addCandidate(t.run.requester, null);
    } else if (parsed.kind === 'group') {
      const members = await directory.groupMembers(tenantId, parsed.name);
      if (members === null) {
        return {
          code: `${kind}.unknown_group`,
          message: `There is no group "${parsed.name}" in this workspace.`,
        };
      }
      for (const member of members) addCandidate(member, parsed.name);
    } else {
      addCandidate(reference, null);
    }
  }
  const excluded = new Set<string>();
  if (kind === 'approval' && !allowSelfApproval && t.run.requester !== null) {
    for (const id of await directory.identitiesOf(tenantId, t.run.requester)) excluded.add(id);
  }
  const seen = new Set<string>();
  const designees: Designee[] = [];
  let leftOut = 0;
  for (const candidate of candidates) {
    if (seen.has(candidate.reference)) continue;
    const identities = await directory.identitiesOf(tenantId, candidate.reference);
    if (identities.some((id) => excluded.has(id))) {
      leftOut++;
      for (const id of identities) seen.add(id);
      continue;
    }
    if (identities.some((id) => seen.has(id))) continue;
    for (const id of identities) seen.add(id);
    designees.push({ ...candidate, round });
  }
  if (designees.length === 0) {
    return {
      code: `${kind}.no_assignees`,
      message:
        leftOut > 0
          ? 'Nobody can be asked: the only people designated include the run requester, who may not approve their own request (set allowSelfApproval to allow it).'
          : 'Nobody can be asked: the people designated resolve to no one (empty groups?).',
    };
  }
  return designees;
}

export function designeesJson(designees: Designee[]): Json {
  return designees.map((d) => ({ reference: d.reference, viaGroup: d.viaGroup }));
}

/** When the step should wake next: the timeout, or the next reminder, whichever comes first. */
export function nextWakeOf(
  row: TaskRow,
  reminders: { every: string; max?: number } | undefined,
): Date | null {
  const times: number[] = [];
  if (row.due_at !== null) times.push(row.due_at.getTime());
  const every = reminders === undefined ? null : parseDuration(reminders.every);
  if (every !== null && every > 0 && (reminders?.max === undefined || row.reminders_sent < reminders.max)) {
    times.push(row.round_started_at.getTime() + every * (row.reminders_sent + 1));
  }
  return times.length === 0 ? null : new Date(Math.min(...times));
}

/** Puts the step to sleep on its task, waking at the next timer. */
export async function sleepOnTask(
  t: Transition,
  step: StepRow,
  row: TaskRow,
  wakeAt: Date | null,
): Promise<void> {
  await t.wait(step, { ...step.state, taskId: row.id }, wakeAt);
}

/** Re-arms the timer of a waiting step (after a reminder or an escalation). */
export async function rearm(t: Transition, step: StepRow, wakeAt: Date | null): Promise<void> {
  if (wakeAt !== null) await enqueueStepJob(t.tx, t.run.id, step.key, wakeAt);
}
