/**
 * English sentences of `describe`. This catalogue defines the shape every other locale follows
 * (`Messages`), so a missing sentence in another locale is a type error.
 */
import { durationInWords } from '../../duration.js';
import { period } from './punctuation.js';

const plural = (count: number, one: string, many: string) => (count === 1 ? one : many);

export const en = {
  // Building blocks
  quote: (text: string) => `“${text}”`,
  and: 'and',
  duration: durationInWords,
  step: (number: string, name: string) => `step ${number} (${name})`,
  goTo: (number: string, name: string) => `go to step ${number} (${name})`,
  missingStep: (id: string) => `go to \`${id}\`, which does not exist`,
  thenGoTo: (goTo: string) => `Then ${goTo}.`,
  endsRun: 'Then the run completes.',
  endsBranch: 'Then this branch ends.',
  endsIteration: 'Then this iteration ends.',
  sentence: (label: string, value: string) => period(`${label}: ${value}`),

  // People and places
  group: (name: string) => `the ${name} group`,
  requester: 'the person who started the run',
  slackUser: (id: string) => `Slack user ${id}`,
  slackChannel: (id: string) => `Slack channel ${id}`,
  teamsUser: (id: string) => `Teams user ${id}`,
  teamsChannel: (id: string) => `Teams channel ${id}`,
  eachMemberOfGroup: (name: string) => `each member of the ${name} group`,
  computedAtRunTime: (source: string) => `${source} (computed at run time)`,

  // Document
  externalHosts: 'External hosts called',
  none: 'none',
  people: 'People and places involved',
  warnings: 'Warnings',
  localeFallback: (requested: string) =>
    `This description is in English because no description is available in “${requested}”.`,

  // Triggers
  webhook: 'Starts when a signed request arrives at its webhook URL.',
  webhookBody: 'The JSON body of the request is available as `trigger`.',
  schedule: (when: string) => `Starts ${when}.`,
  scheduleMissed: 'Runs missed while the service was down are started once, not many times.',
  event: (name: string) => `Starts when the event \`${name}\` is published.`,
  eventFilter: (condition: string) => `Only when ${condition}.`,
  manual: 'Starts when someone runs it from chat, the web view, the API or the CLI.',
  manualInputs: (inputs: string) => `Asks for: ${inputs}.`,
  input: (label: string, type: string, required: boolean) =>
    `${label} (${type}${required ? ', required' : ''})`,

  // Schedules
  everyMinute: 'every minute',
  everyMinutes: (n: number) => `every ${n} minutes`,
  everyHourAt: (minute: number) => `every hour at minute ${minute}`,
  everyHours: (n: number, minute: number) => `every ${n} hours at minute ${minute}`,
  everyDayAt: (times: string) => `every day at ${times}`,
  everyWeekdayAt: (times: string) => `every weekday at ${times}`,
  everyDaysAt: (days: string, times: string) => `every ${days} at ${times}`,
  monthlyAt: (days: string, times: string, count: number) =>
    `at ${times} on ${plural(count, 'day', 'days')} ${days} of every month`,
  monthsAt: (days: string, months: string, times: string, count: number) =>
    `at ${times} on ${plural(count, 'day', 'days')} ${days} of ${months}`,
  onSchedule: (cron: string, timezone: string) => `on schedule \`${cron}\` (${timezone})`,
  weekdays: ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'],
  months: [
    'January',
    'February',
    'March',
    'April',
    'May',
    'June',
    'July',
    'August',
    'September',
    'October',
    'November',
    'December',
  ],

  // Conditions
  greaterThan: (a: string, b: string) => `${a} is greater than ${b}`,
  atLeast: (a: string, b: string) => `${a} is at least ${b}`,
  lessThan: (a: string, b: string) => `${a} is less than ${b}`,
  atMost: (a: string, b: string) => `${a} is at most ${b}`,
  equals: (a: string, b: string) => `${a} equals ${b}`,
  notEquals: (a: string, b: string) => `${a} does not equal ${b}`,

  // Common fields
  attemptTimeout: (duration: string) => `Each attempt may take at most ${duration}.`,
  retry: (attempts: number, initial: string, factor: number, max: string) =>
    `If it fails, it is tried up to ${attempts} ${plural(attempts, 'time', 'times')} in all, waiting ${initial} before the second attempt, ${factor}× longer each time after, at most ${max}.`,
  onError: (goTo: string) => `If this step fails: ${goTo}.`,

  // decision
  decision: 'Check the conditions in order; the first that is true decides the way on.',
  firstCase: (condition: string, goTo: string) => `If ${condition}: ${goTo}.`,
  nextCase: (condition: string, goTo: string) => `Else if ${condition}: ${goTo}.`,
  otherwise: (goTo: string) => `Otherwise: ${goTo}.`,

  // approval
  approval: (title: string) => `Ask for approval: ${title}`,
  approvers: 'Approvers',
  modeAny: 'The first approver to decide decides for everyone.',
  modeAll: 'Everyone must approve; one rejection rejects.',
  modeMajority: 'More than half of the approvers must approve.',
  modeQuorum: (n: number) => `${n} ${plural(n, 'approval is', 'approvals are')} needed.`,
  modeQuorumUnset: 'A quorum of approvals is needed, but how many is not set.',
  modeSequential: 'The approvers decide one after another, in the order listed.',
  message: 'Message',
  shows: 'The request shows',
  deadline: (duration: string, action: string) => `If nobody decides within ${duration}: ${action}.`,
  autoApprove: 'it is approved automatically',
  autoReject: 'it is rejected automatically',
  escalate: (people: string) => `the request goes to ${people}`,
  escalateNobody: 'it is escalated, but nobody to escalate to is named',
  timeoutFails: 'the step fails',
  timeoutUndefined: 'nothing is set to happen',
  reminders: (every: string, max: number | undefined) =>
    `Those who have not decided yet are reminded every ${every}${max === undefined ? '' : `, at most ${max} ${plural(max, 'time', 'times')}`}.`,
  selfApprovalAllowed: 'The person who started the run may decide on their own request.',
  selfApprovalRefused: 'The person who started the run may not decide on their own request.',
  rejectCommentRequired: 'A rejection needs a comment.',
  rejectCommentOptional: 'A rejection needs no comment.',
  ifApproved: (goTo: string) => `If approved: ${goTo}.`,
  ifRejected: (goTo: string) => `If rejected: ${goTo}.`,

  // form
  form: (title: string) => `Ask for a form to be filled in: ${title}`,
  assignees: 'Assigned to',
  fields: 'Fields',
  field: (label: string, type: string, required: boolean) =>
    `${label} (${type}${required ? ', required' : ''})`,
  fieldTypes: {
    text: 'text',
    number: 'number',
    boolean: 'yes/no',
    date: 'date',
    select: 'choice',
  },
  choiceOf: (options: string) => `one of ${options}`,
  inputTypes: {
    string: 'text',
    number: 'number',
    boolean: 'yes/no',
    date: 'date',
    email: 'email address',
    person: 'person',
  },

  // email and chat
  email: (to: string) => `Send an email to ${to}`,
  cc: 'Copy to',
  bcc: 'Blind copy to',
  subject: 'Subject',
  body: 'Body',
  chat: (to: string) => `Post a chat message to ${to}`,
  chatText: 'Text',

  // http
  http: (method: string, url: string) => `Call ${method} ${url}`,
  credential: (name: string) => `Signs in with the stored credential ${name}; its value is never shown.`,
  headers: 'Headers',
  query: 'Query parameters',
  jsonBody: 'Sends a JSON body',
  jsonBodyFields: (fields: string, count: number) =>
    `Sends a JSON body with the ${plural(count, 'field', 'fields')} ${fields}`,
  expect: 'Accepted statuses',

  // record
  recordCreate: (entity: string) => `Create a record in ${entity}`,
  recordUpdate: (entity: string) => `Update a record in ${entity}`,
  recordUpsert: (entity: string) => `Create or update a record in ${entity}`,
  recordDelete: (entity: string) => `Delete a record from ${entity}`,
  recordGet: (entity: string) => `Read a record from ${entity}`,
  recordQuery: (entity: string) => `Find records in ${entity}`,
  recordKey: 'Key',
  recordWhere: (condition: string) => `Only records where ${condition}.`,
  recordData: 'Fields set',

  // transform
  transform: (count: number) => `Set ${count} ${plural(count, 'variable', 'variables')}`,
  setVariable: (name: string, expression: string) => `Sets \`vars.${name}\` to ${expression}.`,

  // wait
  waitFor: (duration: string) => `Wait ${duration}`,
  waitUntil: (time: string) => `Wait until ${time}`,
  waitEvent: (name: string) => `Wait for the event \`${name}\``,
  waitNothing: 'Wait (no duration, time or event is set)',
  eventMatch: (condition: string) => `Only an event where ${condition}.`,
  eventTimeout: (duration: string) => `Gives up waiting after ${duration}.`,
  onTimeout: (goTo: string) => `If no event arrives in time: ${goTo}.`,

  // parallel
  parallelAll: (count: number) =>
    `Run ${count} ${plural(count, 'branch', 'branches')} at the same time; continue when all have ended`,
  parallelAny: (count: number) =>
    `Run ${count} ${plural(count, 'branch', 'branches')} at the same time; continue when the first has ended and cancel the others`,
  branch: (number: string, name: string | undefined) =>
    name === undefined ? `Branch ${number}` : `Branch ${number}: ${name}`,

  // loop
  loop: (items: string, as: string) => `For each \`${as}\` in ${items}, run the steps below`,
  concurrency: (n: number) => (n === 1 ? 'One item at a time.' : `Up to ${n} items at a time.`),
  maxItems: (n: number) => `The step fails if the list has more than ${n} items.`,
  loopBody: (as: string) => `For each \`${as}\`:`,

  // llm
  llm: (gist: string) => `Ask a language model: ${gist}`,
  llmText: 'The answer is text.',
  llmJson: 'The answer is JSON.',
  llmSchema: (fields: string, count: number) =>
    `The answer is JSON, checked against a schema with the ${plural(count, 'field', 'fields')} ${fields}.`,
  llmSchemaOnly: 'The answer is JSON, checked against a schema.',

  // subworkflow
  subworkflow: (workflow: string) => `Run the workflow ${workflow} and wait for its result`,
  workflowInput: 'Input',

  // end
  endCompleted: 'End the run as completed',
  endFailed: 'End the run as failed',
  endCancelled: 'End the run as cancelled',
  output: 'Output',

  // Warnings
  warnHostComputed: (step: string) => `The host called by ${step} is computed at run time.`,
  warnTimedOutIgnored: (step: string, target: string) =>
    `In ${step}, the “timed out” way (${target}) is never taken because onTimeout is set.`,
  warnEscalateUnused: (step: string) =>
    `In ${step}, escalateTo is set but onTimeout is not “escalate”, so nobody is escalated to.`,
  warnTimeoutWithoutDeadline: (step: string, action: string) =>
    `In ${step}, what happens on timeout (${action}) is set, but no timeout is, so it never applies.`,
};

export type Messages = typeof en;
