import { z } from 'zod';
import { Text } from './common.js';
import { NodeList } from './node.js';
import { Trigger } from './triggers.js';

export const DOCUMENT_SCHEMA_ID = 'switchboard/workflow@1';

export const WorkflowDocument = z
  .strictObject({
    schema: z.literal(DOCUMENT_SCHEMA_ID),
    name: Text.max(200),
    description: Text.optional(),
    locale: z
      .string()
      .regex(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/, {
        message: 'must be a BCP 47 tag such as "en" or "pt-BR"',
      })
      .describe('BCP 47 tag of the texts as written'),
    trigger: Trigger,
    nodes: NodeList.describe('The top-level graph; its first node is where a run starts'),
  })
  .describe('A Switchboard workflow (GRAPH.md version 1)');

export type WorkflowDocument = z.infer<typeof WorkflowDocument>;
