/** Checks a scenario's outcome against its `expect` block (shared by the scripted and end-to-end tests). */
import { expect } from 'vitest';
import { fixtureDocument, type Scenario, type ScenarioOutcome } from './scenario.js';

export function assertOutcome(scenario: Scenario, outcome: ScenarioOutcome): void {
  const want = scenario.expect;
  if ('failure' in outcome) {
    expect(want.kind, `${scenario.name} failed: ${outcome.failure.message}`).toBe('failed');
    expect(outcome.failure.calls).toBe(want.calls);
    expect([...new Set(outcome.failure.problems.map((p) => p.code))].sort()).toEqual(want.remaining);
    expect(outcome.failure.message).toMatch(/still wrong/);
    return;
  }
  const { result } = outcome;
  expect(result.kind).toBe(want.kind);
  expect(result.calls).toBe(want.calls);
  const rounds = result.attempts.slice(0, -1).map((attempt) => attempt.problems);
  if (want.fedBack !== undefined) {
    expect(rounds).toHaveLength(want.fedBack.length);
    want.fedBack.forEach((expected, i) => {
      for (const problem of expected) {
        const found = rounds[i]?.some(
          (p) =>
            p.code === problem.code &&
            (problem.pointer === undefined || p.pointer === problem.pointer) &&
            (problem.pointerPrefix === undefined || p.pointer.startsWith(problem.pointerPrefix)),
        );
        expect(
          found,
          `${scenario.name}: round ${i + 1} should feed back ${JSON.stringify(problem)}; got ${JSON.stringify(rounds[i])}`,
        ).toBe(true);
      }
    });
  }
  for (const code of want.fedBackCodesInclude ?? []) {
    expect(rounds.flat().map((p) => p.code)).toContain(code);
  }
  expect(result.attempts.at(-1)?.problems).toEqual([]);
  if (result.kind === 'workflow') {
    expect(result.preview.text.length).toBeGreaterThan(0);
    expect(result.preview.title).toBe(result.document.name);
    if (want.name !== undefined) expect(result.document.name).toBe(want.name);
    if (want.topLevelTypes !== undefined) {
      expect([...new Set(result.document.nodes.map((n) => n.type))].sort()).toEqual(want.topLevelTypes);
    }
    if (want.sameAsFixture !== undefined)
      expect(result.document).toEqual(fixtureDocument(want.sameAsFixture));
    for (const host of want.hostsExclude ?? []) expect(result.preview.hosts).not.toContain(host);
    if ('diff' in result) {
      expect(result.diff.changed.map((c) => c.id)).toEqual(want.changedSteps ?? []);
      expect(result.diff.added.map((a) => a.id)).toEqual(want.added ?? []);
      expect(result.changes.length).toBeGreaterThan(0);
    }
  }
  if (result.kind === 'questions' && want.questionTopics !== undefined) {
    expect(result.questions.map((q) => q.topic)).toEqual(want.questionTopics);
  }
  if (result.kind === 'refusal') expect(result.reason.length).toBeGreaterThan(10);
}
