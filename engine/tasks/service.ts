/**
 * The task service (TaskService in api.ts): list and read tasks, and act on them as a person —
 * decide, delegate, submit. Each action is one tenant transaction holding the step and the task
 * row (`FOR UPDATE`, in the runtime's order: step, then task), so concurrent actions take turns:
 * exactly one of them reaches the outcome, closes the task and continues the step (like
 * `publishEvent` resumes waits); the others find it closed. Refused actions record nothing.
 * Copies of the task are updated by notice jobs enqueued in the same transaction, never from
 * inside it. References from callers (the actor `by`, a delegate, a listed assignee) are taken in
 * canonical form (`email:Ann@Example.com` is `email:ann@example.com`), the form tasks record
 * their designees in, so people compare equal however their address was typed.
 */
import { canonicalReference, isPersonReference, type Json, parseReference } from '../../graph/index.js';
import type { TenantTx } from '../../store/index.js';
import type { Clock } from '../api.js';
import { InvalidTaskInputError, NotAnAssigneeError, TaskClosedError, TaskNotFoundError } from '../errors.js';
import type { PeopleDirectory } from '../people-directory.js';
import { type RunRow, selectRun } from '../sql/runs.js';
import { type StepRow, selectStep } from '../sql/steps.js';
import {
  insertDecisions,
  insertDelegations,
  selectTask,
  selectTasks,
  type TaskRow,
  updateTaskPosition,
} from '../sql/tasks.js';
import { isActive, Transition, type TransitionHost } from '../transition.js';
import type {
  DecideInput,
  DelegateInput,
  ListTasksQuery,
  SubmitInput,
  TaskService,
  TaskView,
} from './api.js';
import { validateFormValues } from './form-values.js';
import {
  approvalOutput,
  closeTask,
  continueStep,
  enqueueTaskNotice,
  loadRecord,
  recordTaskActivity,
} from './lifecycle.js';
import { outcomeOf, sequentialPosition } from './outcome.js';
import { actorFor, currentRound, hasDecided, openParts, recordsOf, type TaskRecord, viewOf } from './view.js';

export interface TaskServiceDeps {
  /** The runtime: transitions of runs, and tenant transactions. */
  host: TransitionHost & { withTenant<R>(tenantId: string, fn: (tx: TenantTx) => Promise<R>): Promise<R> };
  clock: Clock;
  directory: PeopleDirectory;
  /** Resolves once the engine's database side is ready (graphile-worker's schema). */
  ready: () => Promise<void>;
}

/** What an action sees, inside its transaction. */
interface Action {
  tx: TenantTx;
  row: TaskRow;
  record: TaskRecord;
  step: StepRow | undefined;
  run: RunRow | undefined;
  /** Every reference of the acting person. */
  me: Set<string>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_LIST = 500;

export function createTaskService(deps: TaskServiceDeps): TaskService {
  const inTenant = async <R>(tenantId: string, fn: (tx: TenantTx) => Promise<R>): Promise<R> => {
    await deps.ready();
    for (let attempt = 1; ; attempt++) {
      try {
        return await deps.host.withTenant(tenantId, fn);
      } catch (error) {
        // Deadlock with a timer job of the same run (it locks step, then run): try again.
        const code = (error as { code?: unknown }).code;
        if (attempt >= 3 || (code !== '40P01' && code !== '40001')) throw error;
      }
    }
  };

  async function act<R>(
    tenantId: string,
    taskId: string,
    actor: string,
    fn: (a: Action) => Promise<R>,
  ): Promise<R> {
    if (!UUID.test(taskId)) throw new TaskNotFoundError(taskId);
    // Outside the transaction: the directory may use a connection of its own.
    const me = new Set(await deps.directory.identitiesOf(tenantId, actor));
    return inTenant(tenantId, async (tx) => {
      const peek = await selectTask(tx, taskId);
      if (peek === undefined) throw new TaskNotFoundError(taskId);
      const step = await selectStep(tx, peek.run_id, peek.step_key, true);
      const row = (await selectTask(tx, taskId, true)) as TaskRow;
      const record = await loadRecord(tx, row);
      const run = await selectRun(tx, row.run_id);
      return fn({ tx, row, record, step, run, me });
    });
  }

  const transitionOf = async (a: Action): Promise<Transition> => {
    const run = a.run as RunRow;
    return new Transition(
      deps.host,
      a.tx,
      run,
      await deps.host.indexOf(a.tx, run.workflow_id, run.version),
      deps.clock.now(),
    );
  };

  const reload = async (a: Action): Promise<TaskView> =>
    viewOf(await loadRecord(a.tx, (await selectTask(a.tx, a.row.id)) as TaskRow));

  /** Refuses actions on a closed task (or one whose run ended without closing it). */
  const requireOpen = (a: Action) => {
    if (a.row.status === 'closed') {
      throw new TaskClosedError(
        a.row.id,
        a.row.outcome ?? 'closed',
        a.row.closed_by,
        a.row.closed_at?.toISOString() ?? null,
      );
    }
    if (a.run === undefined || !isActive(a.run.status) || a.step?.status !== 'waiting') {
      throw new TaskClosedError(a.row.id, 'cancelled', 'engine', null);
    }
  };

  const refuseRequester = (a: Action, who: string) => {
    if (
      a.row.kind === 'approval' &&
      !a.row.allow_self_approval &&
      a.row.requester !== null &&
      a.me.has(a.row.requester)
    ) {
      throw new NotAnAssigneeError(
        `${who} started this run and may not approve their own request (the approval does not set allowSelfApproval). Nothing was recorded.`,
      );
    }
  };

  /** The undecided parts of the current round `me` acts for (in sequential: only the current turn, unless `anyTurn`). */
  const partsOf = (a: Action, anyTurn = false): string[] => {
    const candidates = anyTurn
      ? currentRound(a.row)
          .map((d) => d.reference)
          .filter((part) => !hasDecided(a.record, part))
      : openParts(a.record);
    return candidates.filter((part) => a.me.has(actorFor(a.record, part)));
  };

  const notAnAssignee = (a: Action, who: string): NotAnAssigneeError => {
    const later = partsOf(a, true);
    if (later.length > 0) {
      const current = openParts(a.record)[0];
      return new NotAnAssigneeError(
        `It is not ${who}'s turn yet: ${current === undefined ? 'an earlier approver' : actorFor(a.record, current)} decides first (sequential approval). Nothing was recorded.`,
      );
    }
    const asked = viewOf(a.record).assignees;
    return new NotAnAssigneeError(
      `${who} may not act on this task: only the people it was assigned to (${asked.join(', ') || 'nobody now'}) or their delegates can. Nothing was recorded.`,
    );
  };

  return {
    async listTasks(tenantId, query: ListTasksQuery = {}) {
      const limit = Math.min(Math.max(query.limit ?? 100, 1), MAX_LIST);
      const ids =
        query.assignee === undefined
          ? null
          : await deps.directory.identitiesOf(tenantId, canonicalReference(query.assignee));
      if (query.runId !== undefined && !UUID.test(query.runId)) return [];
      return inTenant(tenantId, async (tx) => {
        const rows = await selectTasks(tx, {
          ...(query.status ? { status: query.status } : {}),
          ...(query.runId ? { runId: query.runId } : {}),
          ...(ids === null ? {} : { references: ids }),
          limit: ids === null ? limit : MAX_LIST * 4,
        });
        const views = (await recordsOf(tx, rows)).map(viewOf);
        if (ids === null) return views;
        const mine = new Set(ids);
        return views
          .filter((v) =>
            v.status === 'open'
              ? v.assignees.some((r) => mine.has(r))
              : v.designated.some(
                  (d) => mine.has(d.reference) || (d.delegatedTo !== null && mine.has(d.delegatedTo)),
                ),
          )
          .slice(0, limit);
      });
    },

    async getTask(tenantId, taskId) {
      if (!UUID.test(taskId)) throw new TaskNotFoundError(taskId);
      return inTenant(tenantId, async (tx) => {
        const row = await selectTask(tx, taskId);
        if (row === undefined) throw new TaskNotFoundError(taskId);
        return viewOf(await loadRecord(tx, row));
      });
    },

    async decide(tenantId, taskId, input: DecideInput) {
      if (input.decision !== 'approve' && input.decision !== 'reject') {
        throw new InvalidTaskInputError([{ key: 'decision', message: 'must be "approve" or "reject"' }]);
      }
      const comment =
        typeof input.comment === 'string' && input.comment.trim() !== '' ? input.comment.trim() : null;
      const by = canonicalReference(input.by);
      return act(tenantId, taskId, by, async (a) => {
        if (a.row.kind !== 'approval') {
          throw new InvalidTaskInputError([
            { key: 'decision', message: 'this task is a form: submit its values instead' },
          ]);
        }
        const decidedBefore = a.record.decisions.some((d) => a.me.has(d.by));
        if (a.row.status === 'closed' && decidedBefore) return viewOf(a.record);
        requireOpen(a);
        refuseRequester(a, by);
        const parts = partsOf(a);
        if (parts.length === 0) {
          if (decidedBefore) return viewOf(a.record);
          throw notAnAssignee(a, by);
        }
        if (input.decision === 'reject' && a.row.require_reject_comment && comment === null) {
          throw new InvalidTaskInputError([
            { key: 'comment', message: 'a rejection needs a comment saying why' },
          ]);
        }
        const now = deps.clock.now();
        await insertDecisions(
          a.tx,
          a.row.id,
          parts.map((part) => ({
            person: part,
            by,
            on_behalf_of: a.me.has(part) ? null : part,
            decision: input.decision,
            comment,
            at: now,
            channel: input.channel,
          })),
        );
        const t = await transitionOf(a);
        const onBehalfOf = parts.filter((part) => !a.me.has(part));
        await recordTaskActivity(t, a.row, 'task.decided', {
          actor: by,
          channel: input.channel,
          comment,
          data: { decision: input.decision, ...(onBehalfOf.length > 0 ? { onBehalfOf } : {}) },
        });
        await settleApproval(t, a, { actor: by, channel: input.channel });
        return reload(a);
      });
    },

    async delegate(tenantId, taskId, input: DelegateInput) {
      const [by, to] = [canonicalReference(input.by), canonicalReference(input.to)];
      const target = parseReference(to);
      if (target === null || target.kind === 'requester' || !isPersonReference(target)) {
        throw new InvalidTaskInputError([
          { key: 'to', message: 'must be a person reference: slack:user/…, teams:user/… or email:…' },
        ]);
      }
      const theirs = new Set(await deps.directory.identitiesOf(tenantId, to));
      return act(tenantId, taskId, by, async (a) => {
        requireOpen(a);
        refuseRequester(a, by);
        const parts = partsOf(a, true);
        if (parts.length === 0) throw notAnAssignee(a, by);
        if ([...theirs].some((id) => a.me.has(id))) return viewOf(a.record);
        if (
          a.row.kind === 'approval' &&
          !a.row.allow_self_approval &&
          a.row.requester !== null &&
          theirs.has(a.row.requester)
        ) {
          throw new InvalidTaskInputError([
            { key: 'to', message: `${to} started this run and may not approve their own request` },
          ]);
        }
        const now = deps.clock.now();
        const actionable = new Set(openParts(a.record));
        const delegationId = await insertDelegations(
          a.tx,
          a.row.id,
          parts.map((part) => ({ from: part, to, by, at: now, channel: input.channel })),
        );
        const t = await transitionOf(a);
        await recordTaskActivity(t, a.row, 'task.delegated', {
          actor: by,
          channel: input.channel,
          data: { from: parts, to },
        });
        if (parts.some((part) => actionable.has(part))) {
          await enqueueTaskNotice(a.tx, {
            taskId: a.row.id,
            kind: 'delegated',
            recipients: [to],
            key: delegationId,
          });
        }
        await enqueueTaskNotice(a.tx, { taskId: a.row.id, kind: 'updated', recipients: [], key: '' });
        return reload(a);
      });
    },

    async submit(tenantId, taskId, input: SubmitInput) {
      const by = canonicalReference(input.by);
      return act(tenantId, taskId, by, async (a) => {
        if (a.row.kind !== 'form') {
          throw new InvalidTaskInputError([
            { key: 'values', message: 'this task is an approval: decide it instead' },
          ]);
        }
        if (a.row.status === 'closed' && a.row.submission !== null && a.me.has(a.row.submission.by)) {
          return viewOf(a.record);
        }
        requireOpen(a);
        if (partsOf(a).length === 0) throw notAnAssignee(a, by);
        const checked = validateFormValues(a.row.fields, (input.values ?? {}) as Record<string, Json>);
        if ('problems' in checked) throw new InvalidTaskInputError(checked.problems);
        const submission = { values: checked.values, by, at: deps.clock.now().toISOString() };
        const t = await transitionOf(a);
        await recordTaskActivity(t, a.row, 'task.submitted', {
          actor: by,
          channel: input.channel,
          data: { values: checked.values },
        });
        await closeTask(t, a.row, 'submitted', { actor: by, channel: input.channel }, submission);
        await continueStep(t, a.step as StepRow, submission);
        return reload(a);
      });
    },
  };
}

/** After a decision: close with the outcome and continue the step, or pass the turn on / show progress. */
async function settleApproval(
  t: Transition,
  a: Action,
  activity: { actor: string; channel: DecideInput['channel'] },
): Promise<void> {
  const record = await loadRecord(a.tx, a.row);
  const parts = currentRound(a.row).map((d) => d.reference);
  const outcome = outcomeOf({
    mode: a.row.mode ?? 'any',
    quorum: a.row.quorum,
    parts,
    decisions: record.decisions,
  });
  if (outcome !== null) {
    const node = t.node(a.step as StepRow);
    if (node.type !== 'approval') throw new Error(`Task ${a.row.id} belongs to a ${node.type} step.`);
    await closeTask(t, a.row, outcome, activity);
    await continueStep(t, a.step as StepRow, approvalOutput(record, outcome), node.next[outcome]);
    return;
  }
  if (a.row.mode === 'sequential') {
    const position = sequentialPosition(parts, (part) => hasDecided(record, part));
    if (position !== a.row.position) {
      await updateTaskPosition(a.tx, a.row.id, position);
      const next = parts[position];
      if (next !== undefined) {
        await enqueueTaskNotice(a.tx, {
          taskId: a.row.id,
          kind: 'opened',
          recipients: [actorFor(record, next)],
          key: `${a.row.escalations}.${position}`,
        });
      }
    }
  }
  await enqueueTaskNotice(a.tx, { taskId: a.row.id, kind: 'updated', recipients: [], key: '' });
}
