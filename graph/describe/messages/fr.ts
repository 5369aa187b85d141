/**
 * French sentences of `describe`. People and places are named after a colon where French would
 * otherwise need a contraction ("au groupe"), so references read the same everywhere.
 */
import { durationWords } from './duration-words.js';
import type { Messages } from './en.js';
import { period } from './punctuation.js';

const s = (count: number) => (count === 1 ? '' : 's');

export const fr: Messages = {
  quote: (text) => `« ${text} »`,
  and: 'et',
  duration: durationWords({
    s: ['seconde', 'secondes'],
    m: ['minute', 'minutes'],
    h: ['heure', 'heures'],
    d: ['jour', 'jours'],
    w: ['semaine', 'semaines'],
  }),
  step: (number, name) => `étape ${number} (${name})`,
  goTo: (number, name) => `passer à l’étape ${number} (${name})`,
  missingStep: (id) => `passer à \`${id}\`, qui n’existe pas`,
  thenGoTo: (goTo) => `Ensuite, ${goTo}.`,
  endsRun: 'Ensuite, l’exécution se termine.',
  endsBranch: 'Ensuite, cette branche se termine.',
  endsIteration: 'Ensuite, cette itération se termine.',
  sentence: (label, value) => period(`${label} : ${value}`),

  group: (name) => `le groupe ${name}`,
  requester: 'la personne qui a lancé l’exécution',
  slackUser: (id) => `l’utilisateur Slack ${id}`,
  slackChannel: (id) => `le canal Slack ${id}`,
  teamsUser: (id) => `l’utilisateur Teams ${id}`,
  teamsChannel: (id) => `le canal Teams ${id}`,
  eachMemberOfGroup: (name) => `chaque membre du groupe ${name}`,
  computedAtRunTime: (source) => `${source} (calculé à l’exécution)`,

  externalHosts: 'Hôtes externes appelés',
  none: 'aucun',
  people: 'Personnes et lieux concernés',
  warnings: 'Avertissements',
  localeFallback: (requested) =>
    `Cette description est en anglais car aucune description n’est disponible en « ${requested} ».`,

  webhook: 'Démarre quand une requête signée arrive à son URL de webhook.',
  webhookBody: 'Le corps JSON de la requête est disponible sous `trigger`.',
  schedule: (when) => `Démarre ${when}.`,
  scheduleMissed:
    'Les exécutions manquées pendant une interruption du service sont lancées une seule fois, pas plusieurs.',
  event: (name) => `Démarre quand l’événement \`${name}\` est publié.`,
  eventFilter: (condition) => `Seulement si ${condition}.`,
  manual: 'Démarre quand quelqu’un le lance depuis le chat, la vue web, l’API ou la ligne de commande.',
  manualInputs: (inputs) => `Demande : ${inputs}.`,
  input: (label, type, required) => `${label} (${type}${required ? ', obligatoire' : ''})`,

  everyMinute: 'chaque minute',
  everyMinutes: (n) => `toutes les ${n} minutes`,
  everyHourAt: (minute) => `toutes les heures à la minute ${minute}`,
  everyHours: (n, minute) => `toutes les ${n} heures à la minute ${minute}`,
  everyDayAt: (times) => `tous les jours à ${times}`,
  everyWeekdayAt: (times) => `du lundi au vendredi à ${times}`,
  everyDaysAt: (days, times) => `chaque ${days} à ${times}`,
  monthlyAt: (days, times, count) => `à ${times} le${s(count)} jour${s(count)} ${days} de chaque mois`,
  monthsAt: (days, months, times, count) => `à ${times} le${s(count)} jour${s(count)} ${days} de ${months}`,
  onSchedule: (cron, timezone) => `selon la planification \`${cron}\` (${timezone})`,
  weekdays: ['dimanche', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi'],
  months: [
    'janvier',
    'février',
    'mars',
    'avril',
    'mai',
    'juin',
    'juillet',
    'août',
    'septembre',
    'octobre',
    'novembre',
    'décembre',
  ],

  greaterThan: (a, b) => `${a} est supérieur à ${b}`,
  atLeast: (a, b) => `${a} est au moins ${b}`,
  lessThan: (a, b) => `${a} est inférieur à ${b}`,
  atMost: (a, b) => `${a} est au plus ${b}`,
  equals: (a, b) => `${a} est égal à ${b}`,
  notEquals: (a, b) => `${a} est différent de ${b}`,

  attemptTimeout: (duration) => `Chaque tentative dure au plus ${duration}.`,
  retry: (attempts, initial, factor, max) =>
    `En cas d’échec, elle est tentée jusqu’à ${attempts} fois au total, avec une attente de ${initial} avant la deuxième tentative, puis ${factor}× plus longue à chaque fois, au plus ${max}.`,
  onError: (goTo) => `Si cette étape échoue : ${goTo}.`,

  decision: 'Vérifier les conditions dans l’ordre ; la première qui est vraie décide de la suite.',
  firstCase: (condition, goTo) => `Si ${condition} : ${goTo}.`,
  nextCase: (condition, goTo) => `Sinon, si ${condition} : ${goTo}.`,
  otherwise: (goTo) => `Sinon : ${goTo}.`,

  approval: (title) => `Demander une approbation : ${title}`,
  approvers: 'Approbateurs',
  modeAny: 'La première personne qui décide décide pour tous.',
  modeAll: 'Tout le monde doit approuver ; un seul refus suffit à refuser.',
  modeMajority: 'Plus de la moitié des approbateurs doivent approuver.',
  modeQuorum: (n) => `${n} approbation${s(n)} ${n === 1 ? 'est nécessaire' : 'sont nécessaires'}.`,
  modeQuorumUnset: 'Un quorum d’approbations est nécessaire, mais leur nombre n’est pas indiqué.',
  modeSequential: 'Les approbateurs décident l’un après l’autre, dans l’ordre de la liste.',
  message: 'Message',
  shows: 'La demande affiche',
  deadline: (duration, action) => `Si personne ne décide dans un délai de ${duration} : ${action}.`,
  autoApprove: 'la demande est approuvée automatiquement',
  autoReject: 'la demande est refusée automatiquement',
  escalate: (people) => `la demande est transmise (destinataires : ${people})`,
  escalateNobody: 'la demande est escaladée, mais personne n’est désigné pour la recevoir',
  timeoutFails: 'l’étape échoue',
  timeoutUndefined: 'rien n’est prévu',
  reminders: (every, max) =>
    `Un rappel est envoyé à ceux qui n’ont pas encore décidé, à intervalle de ${every}${max === undefined ? '' : `, au plus ${max} fois`}.`,
  selfApprovalAllowed: 'La personne qui a lancé l’exécution peut décider de sa propre demande.',
  selfApprovalRefused: 'La personne qui a lancé l’exécution ne peut pas décider de sa propre demande.',
  rejectCommentRequired: 'Un refus doit être commenté.',
  rejectCommentOptional: 'Un refus peut se passer de commentaire.',
  ifApproved: (goTo) => `Si la demande est approuvée : ${goTo}.`,
  ifRejected: (goTo) => `Si la demande est refusée : ${goTo}.`,

  form: (title) => `Demander de remplir un formulaire : ${title}`,
  assignees: 'Assigné à',
  fields: 'Champs',
  field: (label, type, required) => `${label} (${type}${required ? ', obligatoire' : ''})`,
  fieldTypes: { text: 'texte', number: 'nombre', boolean: 'oui/non', date: 'date', select: 'choix' },
  choiceOf: (options) => `parmi ${options}`,
  inputTypes: {
    string: 'texte',
    number: 'nombre',
    boolean: 'oui/non',
    date: 'date',
    email: 'adresse e-mail',
    person: 'personne',
  },

  email: (to) => `Envoyer un e-mail (destinataires : ${to})`,
  cc: 'Copie à',
  bcc: 'Copie cachée à',
  subject: 'Objet',
  body: 'Corps',
  chat: (to) => `Envoyer un message de chat (destinataire : ${to})`,
  chatText: 'Texte',

  http: (method, url) => `Appeler ${method} ${url}`,
  credential: (name) =>
    `S’authentifie avec l’identifiant enregistré ${name} ; sa valeur n’est jamais affichée.`,
  headers: 'En-têtes',
  query: 'Paramètres de requête',
  jsonBody: 'Envoie un corps JSON',
  jsonBodyFields: (fields, count) =>
    `Envoie un corps JSON avec ${count === 1 ? 'le champ' : 'les champs'} ${fields}`,
  expect: 'Statuts acceptés',

  recordCreate: (entity) => `Créer un enregistrement ${entity}`,
  recordUpdate: (entity) => `Modifier un enregistrement ${entity}`,
  recordUpsert: (entity) => `Créer ou modifier un enregistrement ${entity}`,
  recordDelete: (entity) => `Supprimer un enregistrement ${entity}`,
  recordGet: (entity) => `Lire un enregistrement ${entity}`,
  recordQuery: (entity) => `Rechercher des enregistrements ${entity}`,
  recordKey: 'Clé',
  recordWhere: (condition) => `Seulement les enregistrements pour lesquels ${condition}.`,
  recordData: 'Champs écrits',

  transform: (count) => `Définir ${count} variable${s(count)}`,
  setVariable: (name, expression) => `Définit \`vars.${name}\` à ${expression}.`,

  waitFor: (duration) => `Attendre ${duration}`,
  waitUntil: (time) => `Attendre jusqu’à ${time}`,
  waitEvent: (name) => `Attendre l’événement \`${name}\``,
  waitNothing: 'Attendre (aucune durée, heure ni événement n’est indiqué)',
  eventMatch: (condition) => `Seulement un événement pour lequel ${condition}.`,
  eventTimeout: (duration) => `Abandonne l’attente après ${duration}.`,
  onTimeout: (goTo) => `Si aucun événement n’arrive à temps : ${goTo}.`,

  parallelAll: (count) =>
    `Exécuter ${count} branche${s(count)} en même temps ; continuer quand toutes sont terminées`,
  parallelAny: (count) =>
    `Exécuter ${count} branche${s(count)} en même temps ; continuer dès que la première est terminée et annuler les autres`,
  branch: (number, name) => (name === undefined ? `Branche ${number}` : `Branche ${number} : ${name}`),

  loop: (items, as) => `Pour chaque \`${as}\` de ${items}, exécuter les étapes ci-dessous`,
  concurrency: (n) => (n === 1 ? 'Un élément à la fois.' : `Jusqu’à ${n} éléments à la fois.`),
  maxItems: (n) => `L’étape échoue si la liste compte plus de ${n} éléments.`,
  loopBody: (as) => `Pour chaque \`${as}\` :`,

  llm: (gist) => `Interroger un modèle de langage : ${gist}`,
  llmText: 'La réponse est du texte.',
  llmJson: 'La réponse est du JSON.',
  llmSchema: (fields, count) =>
    `La réponse est du JSON, vérifié par un schéma avec ${count === 1 ? 'le champ' : 'les champs'} ${fields}.`,
  llmSchemaOnly: 'La réponse est du JSON, vérifié par un schéma.',

  subworkflow: (workflow) => `Exécuter le workflow ${workflow} et attendre son résultat`,
  workflowInput: 'Entrée',

  endCompleted: 'Terminer l’exécution comme réussie',
  endFailed: 'Terminer l’exécution en échec',
  endCancelled: 'Terminer l’exécution comme annulée',
  output: 'Sortie',

  warnHostComputed: (step) => `L’hôte appelé par l’${step} est calculé à l’exécution.`,
  warnTimedOutIgnored: (step, target) =>
    `Dans l’${step}, la suite « délai dépassé » (${target}) n’est jamais prise car onTimeout est défini.`,
  warnEscalateUnused: (step) =>
    `Dans l’${step}, escalateTo est défini mais onTimeout n’est pas « escalate » : personne ne reçoit l’escalade.`,
  warnTimeoutWithoutDeadline: (step, action) =>
    `Dans l’${step}, une suite en cas de délai dépassé est définie (${action}), mais aucun délai : elle ne s’applique jamais.`,
};
