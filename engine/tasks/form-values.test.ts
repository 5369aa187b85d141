import { describe, expect, it } from 'vitest';
import type { TaskFormField } from './api.js';
import { validateFormValues } from './form-values.js';

const fields: TaskFormField[] = [
  { key: 'when', label: 'When', type: 'date', required: true },
  { key: 'n', label: 'Count', type: 'number', required: false },
  { key: 'ok', label: 'OK', type: 'boolean', required: false },
  { key: 'pick', label: 'Pick', type: 'select', options: ['x', 'y'], required: false },
  { key: 'text', label: 'Text', type: 'text', required: false },
];

describe('validateFormValues', () => {
  it('types values and leaves empty optional fields out', () => {
    expect(
      validateFormValues(fields, { when: '2024-02-29', n: '3.5', ok: 'false', pick: 'y', text: '' }),
    ).toEqual({
      values: { when: '2024-02-29', n: 3.5, ok: false, pick: 'y' },
    });
  });

  it('reports every problem', () => {
    const result = validateFormValues(fields, {
      when: '2023-02-29',
      n: 'x',
      ok: 1,
      pick: 'z',
      text: 5,
      other: 1,
    });
    expect('problems' in result && result.problems.map((p) => p.key)).toEqual([
      'other',
      'when',
      'n',
      'ok',
      'pick',
      'text',
    ]);
    expect(validateFormValues(fields, {})).toEqual({
      problems: [{ key: 'when', message: 'When is required' }],
    });
  });
});
