/** The invoice story (`invoice-story.json`): what people say and the model's recorded answers. */
import { readFileSync } from 'node:fs';

export interface InvoiceStory {
  description: string;
  answer: string;
  refinement: string;
  invoice: { number: string; vendor: string; amount: number };
  /** The model's answers, in order: questions, the first draft, the refined draft. */
  modelResponses: { answer: unknown }[];
}

export function loadInvoiceStory(): InvoiceStory {
  return JSON.parse(readFileSync(new URL('./invoice-story.json', import.meta.url), 'utf8')) as InvoiceStory;
}
