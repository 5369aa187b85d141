import { createHash } from 'node:crypto';
import { escapeHtml, personLabel, TASK_OUTCOME_WORDS, type TaskView } from '../engine/index.js';

/**
 * The HTML of the task page (email approvals): self-contained documents with no external assets
 * and no script, every value escaped. The one stylesheet is inline and allowed by its hash in the
 * Content-Security-Policy, so nothing else can run or load.
 */

const STYLE = `
body { font-family: system-ui, sans-serif; line-height: 1.5; max-width: 40rem; margin: 2rem auto; padding: 0 1rem; color: #1f2937; }
h1 { font-size: 1.4rem; }
.message { white-space: pre-wrap; }
table { border-collapse: collapse; margin: 1rem 0; }
th { text-align: left; padding: 0.2rem 1rem 0.2rem 0; vertical-align: top; }
label { display: block; font-weight: 600; margin-top: 1rem; }
.check label { display: inline; }
input[type=text], input[type=number], input[type=date], select, textarea { width: 100%; box-sizing: border-box; font: inherit; padding: 0.4rem; }
textarea { min-height: 6rem; }
.hint { color: #4b5563; font-size: 0.9rem; }
.buttons { margin-top: 1rem; display: flex; gap: 0.75rem; }
button { font: inherit; padding: 0.5rem 1.25rem; border-radius: 4px; border: 1px solid #1f2937; cursor: pointer; }
button.approve { background: #166534; color: #ffffff; border-color: #166534; }
button.reject { background: #ffffff; color: #991b1b; border-color: #991b1b; }
.problems { border: 2px solid #991b1b; padding: 0.5rem 1rem; }
.outcome { font-size: 1.1rem; font-weight: 600; }
:focus-visible { outline: 3px solid #2563eb; outline-offset: 2px; }
`;

/** The Content-Security-Policy of every page: nothing but the inline stylesheet; forms post here only. */
export const TASK_PAGE_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`,
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

function page(title: string, body: string, lang = 'en'): string {
  return `<!doctype html>
<html lang="${escapeHtml(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>`;
}

/** A person reference as people read it: the address of `email:`, else the reference. */
/** "Approved by ann@example.com on …" for a closed task. */
export function outcomeSentence(task: TaskView): string {
  const outcome = task.outcome ? TASK_OUTCOME_WORDS[task.outcome] : 'Closed';
  const by = task.closedBy && task.closedBy !== 'engine' ? ` by ${personLabel(task.closedBy)}` : '';
  const at = task.closedAt ? ` on ${new Date(task.closedAt).toUTCString()}` : '';
  return `${outcome}${by}${at}.`;
}

function summary(task: TaskView): string {
  const facts = task.facts.length
    ? `<table><caption class="hint">Details</caption>${task.facts
        .map(
          (fact) =>
            `<tr><th scope="row">${escapeHtml(fact.label)}</th><td>${escapeHtml(fact.value)}</td></tr>`,
        )
        .join('')}</table>`
    : '';
  return `<h1>${escapeHtml(task.title)}</h1>
<p class="message">${escapeHtml(task.message)}</p>
${facts}
<p class="hint">From the workflow “${escapeHtml(task.workflowName)}”.</p>`;
}

function decisionsList(task: TaskView): string {
  if (task.decisions.length === 0) return '';
  const items = task.decisions
    .map((d) => {
      const verb = d.decision === 'approve' ? 'approved' : 'rejected';
      const comment = d.comment ? `: “${escapeHtml(d.comment)}”` : '';
      return `<li>${escapeHtml(personLabel(d.by))} ${verb}${comment}</li>`;
    })
    .join('');
  return `<h2>Decisions</h2><ul>${items}</ul>`;
}

function problemsBox(problems: string[]): string {
  if (problems.length === 0) return '';
  return `<div class="problems" role="alert" id="problems"><p><strong>Please fix this:</strong></p><ul>${problems
    .map((p) => `<li>${escapeHtml(p)}</li>`)
    .join('')}</ul></div>`;
}

export interface FormState {
  /** What to say is wrong with the last attempt. */
  problems: string[];
  /** What the person entered (comment, form values), shown again. */
  entered: Record<string, string>;
}

const NO_STATE: FormState = { problems: [], entered: {} };

/** The open task with Approve / Reject (and a comment) or the form's fields. */
export function openTaskPage(
  task: TaskView,
  action: string,
  token: string,
  state: FormState = NO_STATE,
): string {
  const described = state.problems.length ? ' aria-describedby="problems"' : '';
  const controls =
    task.kind === 'approval'
      ? approvalControls(task, state, described)
      : formControls(task, state, described);
  return page(
    task.title,
    `${summary(task)}
${problemsBox(state.problems)}
<form method="post" action="${escapeHtml(action)}">
<input type="hidden" name="token" value="${escapeHtml(token)}">
${controls}
</form>`,
    task.locale,
  );
}

function approvalControls(task: TaskView, state: FormState, described: string): string {
  const hint = task.requireRejectComment ? 'Required to reject; optional to approve.' : 'Optional.';
  return `<label for="comment">Comment</label>
<p class="hint" id="comment-hint">${hint}</p>
<textarea id="comment" name="comment" maxlength="10000" aria-describedby="comment-hint"${described}>${escapeHtml(
    state.entered.comment ?? '',
  )}</textarea>
<div class="buttons">
<button type="submit" name="decision" value="approve" class="approve">Approve</button>
<button type="submit" name="decision" value="reject" class="reject">Reject</button>
</div>`;
}

/** Name of the HTML control of form field `key`. */
export const fieldName = (key: string) => `field.${key}`;

function formControls(task: TaskView, state: FormState, described: string): string {
  const fields = task.fields
    .map((field, index) => {
      const id = `field-${index}`;
      const name = escapeHtml(fieldName(field.key));
      const value = state.entered[fieldName(field.key)] ?? '';
      const required = field.required ? ' required aria-required="true"' : '';
      const label = `${escapeHtml(field.label)}${field.required ? ' <span aria-hidden="true">*</span>' : ''}`;
      switch (field.type) {
        case 'boolean':
          return `<p class="check"><input type="checkbox" id="${id}" name="${name}" value="true"${
            value === 'true' ? ' checked' : ''
          }${described}> <label for="${id}">${escapeHtml(field.label)}</label></p>`;
        case 'select':
          return `<label for="${id}">${label}</label><select id="${id}" name="${name}"${required}${described}><option value="">Choose…</option>${(
            field.options ?? []
          )
            .map(
              (option) =>
                `<option value="${escapeHtml(option)}"${option === value ? ' selected' : ''}>${escapeHtml(option)}</option>`,
            )
            .join('')}</select>`;
        default: {
          const type =
            field.type === 'number' ? 'number" step="any' : field.type === 'date' ? 'date' : 'text';
          return `<label for="${id}">${label}</label><input type="${type}" id="${id}" name="${name}" value="${escapeHtml(
            value,
          )}"${required}${described}>`;
        }
      }
    })
    .join('\n');
  const note = task.fields.some((f) => f.required) ? '<p class="hint">Fields marked * are required.</p>' : '';
  return `${note}${fields}
<div class="buttons"><button type="submit" name="decision" value="submit" class="approve">Submit</button></div>`;
}

/** The task is closed: its outcome and who decided, no controls. */
export function closedTaskPage(task: TaskView, lead = 'This request is closed.'): string {
  return page(
    task.title,
    `${summary(task)}
<p class="outcome" role="status">${escapeHtml(lead)} ${escapeHtml(outcomeSentence(task))}</p>
${decisionsList(task)}`,
    task.locale,
  );
}

/** After a recorded response (the target of the POST's redirect). */
export function recordedPage(task: TaskView): string {
  const state =
    task.status === 'closed' ? outcomeSentence(task) : 'The request stays open until the others respond.';
  return page(
    task.title,
    `${summary(task)}
<p class="outcome" role="status">Thank you: your response was recorded. ${escapeHtml(state)}</p>
${decisionsList(task)}`,
    task.locale,
  );
}

/** A link that cannot be used, and what to do about it. */
export function refusalPage(heading: string, explanation: string): string {
  return page(heading, `<h1>${escapeHtml(heading)}</h1><p>${escapeHtml(explanation)}</p>`);
}
