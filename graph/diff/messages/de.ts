import type { DiffMessages } from './en.js';

export const de: DiffMessages = {
  quote: (text) => `„${text}“`,
  none: '(keine)',
  noChanges: 'Keine Änderungen',
  changedDocument: (changes) => `Workflow geändert: ${changes}`,
  changedTrigger: (changes) => `Auslöser geändert: ${changes}`,
  added: (name, type) => `Schritt hinzugefügt: ${name} (${type})`,
  removed: (name, type) => `Schritt entfernt: ${name} (${type})`,
  changed: (name, changes) => `Schritt geändert: ${name}: ${changes}`,
  moved: (name, position, where) => `Schritt verschoben: ${name}, jetzt Position ${position} in ${where}`,
  topLevel: 'der obersten Ebene',
  branchOf: (branch, parent) => `Zweig ${branch} von ${parent}`,
  bodyOf: (parent) => `der Schleife ${parent}`,
};
