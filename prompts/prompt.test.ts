import { describe, expect, it } from 'vitest';
import {
  loadPrompt,
  PromptFormatError,
  PromptNotFoundError,
  PromptVariablesError,
  parsePrompt,
  renderPrompt,
} from './index.js';

const FILE = `---\nname: greet\nversion: 1.2.0\nvariables: who, what\n---\nHello \${who}, {{ trigger.x }} stays; \${what}.\n`;

describe('prompts', () => {
  it('parses the header and renders variables once, leaving workflow templates alone', () => {
    const prompt = parsePrompt('greet', FILE);
    expect(prompt).toMatchObject({ name: 'greet', version: '1.2.0', variables: ['who', 'what'] });
    expect(renderPrompt(prompt, { who: 'Ann', what: `\${who}` })).toBe(
      `Hello Ann, {{ trigger.x }} stays; \${who}.`,
    );
  });

  it('rejects missing and undeclared variables', () => {
    const prompt = parsePrompt('greet', FILE);
    expect(() => renderPrompt(prompt, { who: 'Ann' })).toThrow(PromptVariablesError);
    expect(() => renderPrompt(prompt, { who: 'a', what: 'b', extra: 'c' })).toThrow(PromptVariablesError);
    expect(() => parsePrompt('greet', FILE.replace('who, what', 'who'))).toThrow(
      /undeclared variables: what/,
    );
  });

  it('requires a header with the file name and a semantic version', () => {
    expect(() => parsePrompt('greet', 'Hello')).toThrow(PromptFormatError);
    expect(() => parsePrompt('other', FILE)).toThrow(/must be "other"/);
    expect(() => parsePrompt('greet', FILE.replace('1.2.0', 'v1'))).toThrow(/version/);
  });

  it('loads every planner prompt by name', () => {
    for (const name of [
      'planner-system',
      'planner-context',
      'planner-request',
      'planner-edit',
      'planner-repair',
    ]) {
      expect(loadPrompt(name).version).toMatch(/^\d+\.\d+\.\d+$/);
    }
    expect(() => loadPrompt('no-such-prompt')).toThrow(PromptNotFoundError);
    expect(() => loadPrompt('../etc/passwd')).toThrow(PromptNotFoundError);
  });
});
