/** Ends a sentence with a period unless it already ends with one (possibly inside closing quotes). */
export function period(text: string): string {
  return /[.!?…]\s?[”»“"']?$/.test(text) ? text : `${text}.`;
}
