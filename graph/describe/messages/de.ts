/**
 * German sentences of `describe`. Durations and people follow a colon ("Frist: 3 Tage") so they
 * stay in the nominative and need no declension.
 */
import { durationWords } from './duration-words.js';
import type { Messages } from './en.js';
import { period } from './punctuation.js';

export const de: Messages = {
  quote: (text) => `„${text}“`,
  and: 'und',
  duration: durationWords({
    s: ['Sekunde', 'Sekunden'],
    m: ['Minute', 'Minuten'],
    h: ['Stunde', 'Stunden'],
    d: ['Tag', 'Tage'],
    w: ['Woche', 'Wochen'],
  }),
  step: (number, name) => `Schritt ${number} (${name})`,
  goTo: (number, name) => `weiter mit Schritt ${number} (${name})`,
  missingStep: (id) => `weiter mit \`${id}\`, das es nicht gibt`,
  thenGoTo: (goTo) => `Danach ${goTo}.`,
  endsRun: 'Danach ist der Lauf abgeschlossen.',
  endsBranch: 'Danach endet dieser Zweig.',
  endsIteration: 'Danach endet dieser Durchlauf.',
  sentence: (label, value) => period(`${label}: ${value}`),

  group: (name) => `die Gruppe ${name}`,
  requester: 'die Person, die den Lauf gestartet hat',
  slackUser: (id) => `Slack-Benutzer ${id}`,
  slackChannel: (id) => `Slack-Kanal ${id}`,
  teamsUser: (id) => `Teams-Benutzer ${id}`,
  teamsChannel: (id) => `Teams-Kanal ${id}`,
  eachMemberOfGroup: (name) => `jedes Mitglied der Gruppe ${name}`,
  computedAtRunTime: (source) => `${source} (zur Laufzeit berechnet)`,

  externalHosts: 'Aufgerufene externe Hosts',
  none: 'keine',
  people: 'Beteiligte Personen und Orte',
  warnings: 'Warnungen',
  localeFallback: (requested) =>
    `Diese Beschreibung ist auf Englisch, weil keine Beschreibung auf „${requested}“ verfügbar ist.`,

  webhook: 'Startet, wenn eine signierte Anfrage an seiner Webhook-URL eingeht.',
  webhookBody: 'Der JSON-Body der Anfrage steht als `trigger` zur Verfügung.',
  schedule: (when) => `Startet ${when}.`,
  scheduleMissed:
    'Läufe, die während eines Ausfalls verpasst wurden, werden einmal nachgeholt, nicht mehrfach.',
  event: (name) => `Startet, wenn das Ereignis \`${name}\` veröffentlicht wird.`,
  eventFilter: (condition) => `Nur wenn ${condition}.`,
  manual:
    'Startet, wenn jemand ihn im Chat, in der Web-Ansicht, über die API oder die Kommandozeile ausführt.',
  manualInputs: (inputs) => `Fragt nach: ${inputs}.`,
  input: (label, type, required) => `${label} (${type}${required ? ', Pflichtfeld' : ''})`,

  everyMinute: 'jede Minute',
  everyMinutes: (n) => `alle ${n} Minuten`,
  everyHourAt: (minute) => `jede Stunde zur Minute ${minute}`,
  everyHours: (n, minute) => `alle ${n} Stunden zur Minute ${minute}`,
  everyDayAt: (times) => `jeden Tag um ${times}`,
  everyWeekdayAt: (times) => `jeden Werktag (Montag bis Freitag) um ${times}`,
  everyDaysAt: (days, times) => `jeden ${days} um ${times}`,
  monthlyAt: (days, times, count) =>
    `um ${times} ${count === 1 ? 'an Tag' : 'an den Tagen'} ${days} jedes Monats`,
  monthsAt: (days, months, times, count) =>
    `um ${times} ${count === 1 ? 'an Tag' : 'an den Tagen'} ${days} im ${months}`,
  onSchedule: (cron, timezone) => `nach dem Zeitplan \`${cron}\` (${timezone})`,
  weekdays: ['Sonntag', 'Montag', 'Dienstag', 'Mittwoch', 'Donnerstag', 'Freitag', 'Samstag'],
  months: [
    'Januar',
    'Februar',
    'März',
    'April',
    'Mai',
    'Juni',
    'Juli',
    'August',
    'September',
    'Oktober',
    'November',
    'Dezember',
  ],

  greaterThan: (a, b) => `${a} ist größer als ${b}`,
  atLeast: (a, b) => `${a} ist mindestens ${b}`,
  lessThan: (a, b) => `${a} ist kleiner als ${b}`,
  atMost: (a, b) => `${a} ist höchstens ${b}`,
  equals: (a, b) => `${a} ist gleich ${b}`,
  notEquals: (a, b) => `${a} ist ungleich ${b}`,

  attemptTimeout: (duration) => `Höchstdauer je Versuch: ${duration}.`,
  retry: (attempts, initial, factor, max) =>
    `Bei einem Fehler wird der Schritt bis zu ${attempts}-mal insgesamt versucht; Wartezeit vor dem zweiten Versuch: ${initial}, danach jeweils ${factor}× länger, höchstens ${max}.`,
  onError: (goTo) => `Wenn dieser Schritt fehlschlägt: ${goTo}.`,

  decision: 'Die Bedingungen der Reihe nach prüfen; die erste zutreffende bestimmt den weiteren Weg.',
  firstCase: (condition, goTo) => `Wenn ${condition}: ${goTo}.`,
  nextCase: (condition, goTo) => `Sonst, wenn ${condition}: ${goTo}.`,
  otherwise: (goTo) => `Andernfalls: ${goTo}.`,

  approval: (title) => `Genehmigung einholen: ${title}`,
  approvers: 'Genehmigende',
  modeAny: 'Die erste Entscheidung gilt für alle.',
  modeAll: 'Alle müssen zustimmen; eine Ablehnung lehnt ab.',
  modeMajority: 'Mehr als die Hälfte der Genehmigenden muss zustimmen.',
  modeQuorum: (n) => (n === 1 ? '1 Zustimmung ist nötig.' : `${n} Zustimmungen sind nötig.`),
  modeQuorumUnset: 'Ein Quorum an Zustimmungen ist nötig, aber ihre Anzahl ist nicht angegeben.',
  modeSequential: 'Die Genehmigenden entscheiden nacheinander, in der angegebenen Reihenfolge.',
  message: 'Nachricht',
  shows: 'Die Anfrage zeigt',
  deadline: (duration, action) => `Frist: ${duration}. Wenn bis dahin niemand entschieden hat: ${action}.`,
  autoApprove: 'die Anfrage wird automatisch genehmigt',
  autoReject: 'die Anfrage wird automatisch abgelehnt',
  escalate: (people) => `die Anfrage geht an: ${people}`,
  escalateNobody: 'die Anfrage wird eskaliert, aber niemand ist dafür benannt',
  timeoutFails: 'der Schritt schlägt fehl',
  timeoutUndefined: 'es ist nichts festgelegt',
  reminders: (every, max) =>
    `Wer noch nicht entschieden hat, wird erinnert; Abstand: ${every}${max === undefined ? '' : `, höchstens ${max}-mal`}.`,
  selfApprovalAllowed: 'Die Person, die den Lauf gestartet hat, darf über ihre eigene Anfrage entscheiden.',
  selfApprovalRefused:
    'Die Person, die den Lauf gestartet hat, darf nicht über ihre eigene Anfrage entscheiden.',
  rejectCommentRequired: 'Eine Ablehnung braucht einen Kommentar.',
  rejectCommentOptional: 'Eine Ablehnung braucht keinen Kommentar.',
  ifApproved: (goTo) => `Wenn genehmigt: ${goTo}.`,
  ifRejected: (goTo) => `Wenn abgelehnt: ${goTo}.`,

  form: (title) => `Ein Formular ausfüllen lassen: ${title}`,
  assignees: 'Zugewiesen an',
  fields: 'Felder',
  field: (label, type, required) => `${label} (${type}${required ? ', Pflichtfeld' : ''})`,
  fieldTypes: { text: 'Text', number: 'Zahl', boolean: 'Ja/Nein', date: 'Datum', select: 'Auswahl' },
  choiceOf: (options) => `eines von ${options}`,
  inputTypes: {
    string: 'Text',
    number: 'Zahl',
    boolean: 'Ja/Nein',
    date: 'Datum',
    email: 'E-Mail-Adresse',
    person: 'Person',
  },

  email: (to) => `E-Mail senden an: ${to}`,
  cc: 'Kopie an',
  bcc: 'Blindkopie an',
  subject: 'Betreff',
  body: 'Text',
  chat: (to) => `Chat-Nachricht senden an: ${to}`,
  chatText: 'Text',

  http: (method, url) => `${method} ${url} aufrufen`,
  credential: (name) =>
    `Meldet sich mit den gespeicherten Zugangsdaten ${name} an; ihr Wert wird nie angezeigt.`,
  headers: 'Header',
  query: 'Query-Parameter',
  jsonBody: 'Sendet einen JSON-Body',
  jsonBodyFields: (fields, count) =>
    `Sendet einen JSON-Body mit ${count === 1 ? 'dem Feld' : 'den Feldern'} ${fields}`,
  expect: 'Akzeptierte Status',

  recordCreate: (entity) => `Einen Datensatz ${entity} anlegen`,
  recordUpdate: (entity) => `Einen Datensatz ${entity} ändern`,
  recordUpsert: (entity) => `Einen Datensatz ${entity} anlegen oder ändern`,
  recordDelete: (entity) => `Einen Datensatz ${entity} löschen`,
  recordGet: (entity) => `Einen Datensatz ${entity} lesen`,
  recordQuery: (entity) => `Datensätze ${entity} suchen`,
  recordKey: 'Schlüssel',
  recordWhere: (condition) => `Nur Datensätze, für die gilt: ${condition}.`,
  recordData: 'Gesetzte Felder',

  transform: (count) => `${count} ${count === 1 ? 'Variable' : 'Variablen'} setzen`,
  setVariable: (name, expression) => `Setzt \`vars.${name}\` auf ${expression}.`,

  waitFor: (duration) => `Warten: ${duration}`,
  waitUntil: (time) => `Warten bis ${time}`,
  waitEvent: (name) => `Auf das Ereignis \`${name}\` warten`,
  waitNothing: 'Warten (keine Dauer, keine Zeit und kein Ereignis angegeben)',
  eventMatch: (condition) => `Nur ein Ereignis, für das gilt: ${condition}.`,
  eventTimeout: (duration) => `Höchste Wartezeit: ${duration}.`,
  onTimeout: (goTo) => `Wenn kein Ereignis rechtzeitig eintrifft: ${goTo}.`,

  parallelAll: (count) =>
    `${count} ${count === 1 ? 'Zweig' : 'Zweige'} gleichzeitig ausführen; weiter, wenn alle beendet sind`,
  parallelAny: (count) =>
    `${count} ${count === 1 ? 'Zweig' : 'Zweige'} gleichzeitig ausführen; weiter, sobald der erste beendet ist, die anderen werden abgebrochen`,
  branch: (number, name) => (name === undefined ? `Zweig ${number}` : `Zweig ${number}: ${name}`),

  loop: (items, as) => `Für jedes \`${as}\` in ${items} die folgenden Schritte ausführen`,
  concurrency: (n) => (n === 1 ? 'Ein Element nach dem anderen.' : `Bis zu ${n} Elemente gleichzeitig.`),
  maxItems: (n) => `Der Schritt schlägt fehl, wenn die Liste mehr als ${n} Elemente hat.`,
  loopBody: (as) => `Für jedes \`${as}\`:`,

  llm: (gist) => `Ein Sprachmodell fragen: ${gist}`,
  llmText: 'Die Antwort ist Text.',
  llmJson: 'Die Antwort ist JSON.',
  llmSchema: (fields, count) =>
    `Die Antwort ist JSON, geprüft gegen ein Schema mit ${count === 1 ? 'dem Feld' : 'den Feldern'} ${fields}.`,
  llmSchemaOnly: 'Die Antwort ist JSON, geprüft gegen ein Schema.',

  subworkflow: (workflow) => `Den Workflow ${workflow} ausführen und auf sein Ergebnis warten`,
  workflowInput: 'Eingabe',

  endCompleted: 'Den Lauf als abgeschlossen beenden',
  endFailed: 'Den Lauf als fehlgeschlagen beenden',
  endCancelled: 'Den Lauf als abgebrochen beenden',
  output: 'Ausgabe',

  warnHostComputed: (step) => `Der von ${step} aufgerufene Host wird zur Laufzeit berechnet.`,
  warnTimedOutIgnored: (step, target) =>
    `In ${step} wird der Weg „abgelaufen“ (${target}) nie genommen, weil onTimeout gesetzt ist.`,
  warnEscalateUnused: (step) =>
    `In ${step} ist escalateTo gesetzt, aber onTimeout ist nicht „escalate“; an niemanden wird eskaliert.`,
  warnTimeoutWithoutDeadline: (step, action) =>
    `In ${step} ist festgelegt, was bei Fristablauf geschieht (${action}), aber keine Frist; das greift nie.`,
};
