import { describe, expect, it } from 'vitest';
import { NODE_SPECS, NODE_TYPES, validate } from '../graph/index.js';
import { languageCatalogue } from './catalogue.js';

describe('language catalogue', () => {
  const catalogue = languageCatalogue();

  it('describes every node type with every field of its schema and its example', () => {
    for (const type of NODE_TYPES) {
      const spec = NODE_SPECS[type];
      const section = catalogue.split(`### ${type} — `)[1]?.split('\n### ')[0] ?? '';
      expect(section, type).toContain(spec.summary);
      const shape = (spec.schema as unknown as { shape: Record<string, unknown> }).shape;
      for (const field of Object.keys(shape).filter(
        (f) => !['id', 'type', 'name', 'retry', 'timeout', 'onError'].includes(f),
      )) {
        expect(section, `${type}.${field}`).toMatch(new RegExp(`(^|[ {;])${field}\\??:`));
      }
      expect(section).toContain(JSON.stringify(spec.example));
    }
  });

  it('shows only the allowed node types', () => {
    const limited = languageCatalogue(['chat', 'end']);
    expect(limited).toContain('### chat');
    expect(limited).not.toContain('### http');
  });

  it('has examples the validator accepts inside a document', () => {
    const end = { id: 'done', type: 'end' };
    for (const type of NODE_TYPES) {
      const result = validate({
        schema: 'switchboard/workflow@1',
        name: 'x',
        locale: 'en',
        trigger: { type: 'webhook' },
        nodes: [NODE_SPECS[type].example, end],
      });
      // Examples name successors that exist in their own story; shape and values must be right.
      expect(
        result.errors.filter((e) => e.code.startsWith('schema.')),
        type,
      ).toEqual([]);
    }
  });
});
