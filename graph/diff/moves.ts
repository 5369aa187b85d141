/**
 * Moved steps. A step in another graph than before has moved. Within a graph, inserting or removing
 * steps shifts positions without moving anything, so only steps out of order count as moved: those
 * outside a longest run of steps kept in the same relative order.
 */
import type { LocatedStep } from './locate.js';

/** Ids of the steps that moved, in the order of the new document. */
export function movedSteps(before: Map<string, LocatedStep>, after: Map<string, LocatedStep>): Set<string> {
  const moved = new Set<string>();
  const stayed = new Map<string, string[]>();
  for (const [id, now] of after) {
    const then = before.get(id);
    if (then === undefined) continue;
    if (graphKey(then) !== graphKey(now)) moved.add(id);
    else stayed.set(graphKey(now), [...(stayed.get(graphKey(now)) ?? []), id]);
  }
  for (const ids of stayed.values()) {
    const position = new Map(ids.map((id, i) => [id, i]));
    const oldOrder = [...ids].sort((a, b) => before.get(a)!.location.index - before.get(b)!.location.index);
    const kept = new Set(longestIncreasing(oldOrder.map((id) => position.get(id)!)).map((i) => ids[i]));
    for (const id of ids) if (!kept.has(id)) moved.add(id);
  }
  return moved;
}

function graphKey({ location }: LocatedStep): string {
  return `${location.parent ?? ''}${location.graph}`;
}

/** A longest strictly increasing subsequence of the values (patience sorting, O(n log n)). */
function longestIncreasing(values: number[]): number[] {
  const tails: number[] = [];
  const previous: number[] = new Array(values.length).fill(-1);
  values.forEach((value, i) => {
    let low = 0;
    let high = tails.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (values[tails[mid]!]! < value) low = mid + 1;
      else high = mid;
    }
    if (low > 0) previous[i] = tails[low - 1]!;
    tails[low] = i;
  });
  const result: number[] = [];
  for (let i = tails.at(-1) ?? -1; i >= 0; i = previous[i]!) result.unshift(values[i]!);
  return result;
}
