/**
 * Command words (`list`, `run <name>`, `status`, `tasks`, `deactivate <name>`, `help`): each a
 * small handler answering in the conversation.
 */

import type { RunSummary, WorkflowSummary } from '../../engine/index.js';
import type { Json, ManualInput } from '../../graph/index.js';
import { findOpenConversation } from '../../store/index.js';
import { formatTime, personLabel, taskMessage } from './cards.js';
import type { CoreServices } from './deps.js';
import { describeAutomation, discardDraft } from './drafts.js';
import { helpMessage } from './help.js';
import type { CommandIntent } from './intent.js';
import type { Input, OutgoingMessage } from './model.js';
import { say, sorry } from './say.js';
import type { Turn } from './turn.js';

/** Action id of the manual-inputs form of `run <name>`; `value` is the workflow id. */
export const RUN_ACTION = 'workflow.run';

export async function runCommand(s: CoreServices, turn: Turn, intent: CommandIntent): Promise<void> {
  switch (intent.command) {
    case 'help':
      return void (await turn.responder.post(helpMessage()));
    case 'list':
      return listWorkflows(s, turn);
    case 'status':
      return showStatus(s, turn);
    case 'tasks':
      return showTasks(s, turn);
    case 'run':
      return startWorkflow(s, turn, intent.argument);
    case 'deactivate':
      return deactivate(s, turn, intent.argument);
    case 'discard':
      return discardOpenDraft(s, turn);
    case 'new':
      if (intent.argument === '') {
        return void (await turn.responder.post(say('Say `new` followed by what the automation should do.')));
      }
      return describeAutomation(s, turn, intent.argument);
  }
}

async function listWorkflows(s: CoreServices, turn: Turn): Promise<void> {
  const workflows = await s.engine.listWorkflows(turn.actor.tenantId);
  if (workflows.length === 0) {
    await turn.responder.post(say('No workflows yet. Describe an automation and I will draft one.'));
    return;
  }
  await turn.responder.post({
    text: `${workflows.length} workflow(s): ${workflows.map((w) => w.name).join(', ')}`,
    blocks: [
      { type: 'heading', text: 'Workflows' },
      {
        type: 'list',
        items: workflows.map(
          (w) =>
            `**${w.name}** — ${w.active ? `live (version ${w.activeVersion})` : 'inactive'}, starts by ${w.triggerType}` +
            (w.createdBy ? `, owner ${personLabel(w.createdBy)}` : ''),
        ),
      },
      { type: 'context', text: '`run <name>` starts one · `deactivate <name>` stops one' },
    ],
  });
}

async function showStatus(s: CoreServices, turn: Turn): Promise<void> {
  const tenantId = turn.actor.tenantId;
  const [runs, workflows] = await Promise.all([
    s.engine.listRuns(tenantId, { limit: 10 }),
    s.engine.listWorkflows(tenantId),
  ]);
  if (runs.length === 0) {
    await turn.responder.post(say('No runs yet.'));
    return;
  }
  const names = new Map(workflows.map((w) => [w.id, w.name]));
  await turn.responder.post({
    text: `Latest ${runs.length} run(s)`,
    blocks: [
      { type: 'heading', text: 'Latest runs' },
      { type: 'list', items: runs.map((run) => runLine(run, names.get(run.workflowId) ?? run.workflowId)) },
    ],
  });
}

const STATUS_MARK: Record<RunSummary['status'], string> = {
  running: '▶️ running',
  waiting: '⏸️ waiting',
  completed: '✅ completed',
  failed: '❌ failed',
  cancelled: '⏹️ cancelled',
};

function runLine(run: RunSummary, name: string): string {
  const by = run.requester ? ` by ${personLabel(run.requester)}` : '';
  const error = run.error ? ` — ${run.error.message}` : '';
  return `**${name}** ${STATUS_MARK[run.status]} · ${run.trigger}${by} · ${formatTime(run.createdAt)}${error}`;
}

async function showTasks(s: CoreServices, turn: Turn): Promise<void> {
  const tasks = await s.engine.tasks.listTasks(turn.actor.tenantId, {
    assignee: turn.actor.person,
    status: 'open',
    limit: 20,
  });
  if (tasks.length === 0) {
    await turn.responder.post(say('Nothing is waiting for you.'));
    return;
  }
  await turn.responder.post(say(`${tasks.length} open task(s) for you:`));
  for (const task of tasks) await turn.responder.post(taskMessage(task, { viewer: turn.actor.person }));
}

async function startWorkflow(s: CoreServices, turn: Turn, name: string): Promise<void> {
  const workflow = await findWorkflow(s, turn, name);
  if (workflow === null) return;
  const detail = await s.engine.getWorkflow(turn.actor.tenantId, workflow.id);
  const inputs = detail.document.trigger.type === 'manual' ? (detail.document.trigger.inputs ?? []) : [];
  if (inputs.length > 0) {
    await turn.responder.post(runFormMessage(workflow, inputs));
    return;
  }
  await startRun(s, turn, workflow.id, {});
}

/** The `workflow.run` form submitted: starts the run with the typed inputs. */
export async function submitRunForm(
  s: CoreServices,
  turn: Turn,
  workflowId: string,
  values: Record<string, string>,
): Promise<void> {
  const detail = await s.engine.getWorkflow(turn.actor.tenantId, workflowId);
  const inputs = detail.document.trigger.type === 'manual' ? (detail.document.trigger.inputs ?? []) : [];
  await startRun(s, turn, workflowId, coerceInputs(inputs, values));
}

async function startRun(
  s: CoreServices,
  turn: Turn,
  workflowId: string,
  input: Record<string, Json>,
): Promise<void> {
  try {
    const run = await s.engine.startRun(turn.actor.tenantId, workflowId, {
      trigger: 'manual',
      input,
      requester: turn.actor.person,
    });
    const workflow = await s.engine.getWorkflow(turn.actor.tenantId, workflowId);
    await turn.responder.post(
      say(
        `▶️ Started ${workflow.name}.`,
        `Run ${run.id} · I will tell you when it finishes · \`status\` shows progress`,
      ),
    );
  } catch (error) {
    // Inactive workflow, bad inputs: the engine's message says what to do.
    await turn.responder.postPrivate(sorry(error instanceof Error ? error.message : String(error)));
  }
}

function runFormMessage(workflow: WorkflowSummary, inputs: readonly ManualInput[]): OutgoingMessage {
  return {
    text: `Inputs for ${workflow.name}`,
    blocks: [
      { type: 'heading', text: `Run ${workflow.name}` },
      {
        type: 'inputs',
        inputs: inputs.map(
          (input): Input => ({
            key: input.key,
            label: input.label,
            type: INPUT_TYPES[input.type],
            required: input.required ?? false,
          }),
        ),
        submit: { id: RUN_ACTION, label: 'Start', value: workflow.id, style: 'primary' },
      },
    ],
  };
}

const INPUT_TYPES: Record<ManualInput['type'], Input['type']> = {
  string: 'text',
  number: 'number',
  boolean: 'boolean',
  date: 'date',
  email: 'text',
  person: 'text',
};

/** Form text to the declared types; blanks are left out so that "required" is the engine's to say. */
export function coerceInputs(
  inputs: readonly { key: string; type: string }[],
  values: Record<string, string>,
): Record<string, Json> {
  const result: Record<string, Json> = {};
  for (const input of inputs) {
    const raw = values[input.key]?.trim();
    if (raw === undefined || raw === '') continue;
    if (input.type === 'number') result[input.key] = Number.isFinite(Number(raw)) ? Number(raw) : raw;
    else if (input.type === 'boolean')
      result[input.key] = ['true', 'on', 'yes', '1'].includes(raw.toLowerCase());
    else result[input.key] = raw;
  }
  return result;
}

async function deactivate(s: CoreServices, turn: Turn, name: string): Promise<void> {
  const workflow = await findWorkflow(s, turn, name);
  if (workflow === null) return;
  if (!workflow.active) {
    await turn.responder.post(say(`${workflow.name} is not active.`));
    return;
  }
  await s.engine.deactivateWorkflow(turn.actor.tenantId, workflow.id);
  await turn.responder.post(
    say(`⏹️ ${workflow.name} is deactivated: nothing starts it any more.`, 'Runs already going continue.'),
  );
}

async function discardOpenDraft(s: CoreServices, turn: Turn): Promise<void> {
  const open = await s.inTenant(turn.actor.tenantId, (tx) =>
    findOpenConversation(tx, {
      platform: turn.where.platform,
      channel: turn.where.channel,
      thread: turn.where.thread,
    }),
  );
  if (open === null || open.status === 'active') {
    await turn.responder.post(say('There is no open draft here.'));
    return;
  }
  await discardDraft(s, turn, open.id);
}

/** The workflow a person means by `name`: exact name, id, or the only one whose name contains it. */
async function findWorkflow(s: CoreServices, turn: Turn, name: string): Promise<WorkflowSummary | null> {
  if (name === '') {
    await turn.responder.post(say('Which workflow? Say its name after the command; `list` shows them.'));
    return null;
  }
  const workflows = await s.engine.listWorkflows(turn.actor.tenantId);
  const wanted = name.toLowerCase().replace(/^["“”']|["“”']$/g, '');
  const exact = workflows.find((w) => w.name.toLowerCase() === wanted || w.id === wanted);
  if (exact) return exact;
  const partial = workflows.filter((w) => w.name.toLowerCase().includes(wanted));
  if (partial.length === 1) return partial[0] as WorkflowSummary;
  await turn.responder.post(
    say(
      partial.length === 0
        ? `No workflow is called “${name}”. \`list\` shows them.`
        : `“${name}” could be ${partial.map((w) => w.name).join(', ')}; say the full name.`,
    ),
  );
  return null;
}
