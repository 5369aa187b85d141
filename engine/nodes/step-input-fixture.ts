import type { NodeOf, NodeType } from '../../graph/index.js';
import type { TenantTx } from '../../store/index.js';
import type { RunContext, StepInput } from '../executor.js';

/** Test support: a `StepInput` for executing one node outside the engine. */
export function stepInputFor<T extends NodeType>(
  node: NodeOf<T>,
  overrides: Partial<Omit<StepInput<T>, 'node' | 'context'>> & { context?: Partial<RunContext> } = {},
): StepInput<T> {
  const { context, ...rest } = overrides;
  return {
    tenantId: '00000000-0000-0000-0000-000000000001',
    runId: 'run-1',
    node,
    stepKey: `run-1/${node.id}/0`,
    attempt: 1,
    now: new Date('2026-01-01T00:00:00Z'),
    signal: new AbortController().signal,
    withTenantTx: async <R>(_fn: (tx: TenantTx) => Promise<R>): Promise<R> => {
      throw new Error('withTenantTx was not expected in this test');
    },
    ...rest,
    context: {
      trigger: {},
      steps: {},
      vars: {},
      run: { id: 'run-1', startedAt: '2026-01-01T00:00:00Z', requester: null },
      ...context,
    },
  };
}
