/** English lines of `summarizeDiff`; the shape every other locale follows. */
export const en = {
  quote: (text: string) => `"${text}"`,
  none: '(none)',
  noChanges: 'No changes',
  changedDocument: (changes: string) => `Changed the workflow: ${changes}`,
  changedTrigger: (changes: string) => `Changed the trigger: ${changes}`,
  added: (name: string, type: string) => `Added step ${name} (${type})`,
  removed: (name: string, type: string) => `Removed step ${name} (${type})`,
  changed: (name: string, changes: string) => `Changed ${name}: ${changes}`,
  moved: (name: string, position: number, where: string) =>
    `Moved ${name} to position ${position} of ${where}`,
  topLevel: 'the top level',
  branchOf: (branch: number, parent: string) => `branch ${branch} of ${parent}`,
  bodyOf: (parent: string) => `the body of ${parent}`,
};

export type DiffMessages = typeof en;
