import type { DiffMessages } from './en.js';

export const fr: DiffMessages = {
  quote: (text) => `« ${text} »`,
  none: '(aucun)',
  noChanges: 'Aucune modification',
  changedDocument: (changes) => `Workflow modifié : ${changes}`,
  changedTrigger: (changes) => `Déclencheur modifié : ${changes}`,
  added: (name, type) => `Étape ajoutée : ${name} (${type})`,
  removed: (name, type) => `Étape supprimée : ${name} (${type})`,
  changed: (name, changes) => `Étape modifiée ${name} : ${changes}`,
  moved: (name, position, where) => `Étape déplacée ${name} : position ${position} de ${where}`,
  topLevel: 'le niveau principal',
  branchOf: (branch, parent) => `la branche ${branch} de ${parent}`,
  bodyOf: (parent) => `la boucle ${parent}`,
};
