/**
 * One figure a benchmark prints: a median of several runs. A figure with a goal names it, and, when
 * the goal is a ratio, the floor it is measured against in the same run (same unit), so a loaded
 * machine moves figure and floor together.
 */
export interface BenchResult {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly note?: string;
  /** The reference measured in the same run: raw tool, plain server, or a constant such as mini-buildd's figure. */
  readonly floor?: { readonly name: string; readonly value: number };
  /**
   * The goal: `ratio` bounds value / floor.value (e.g. { atLeast: 0.7, of: 'ratio' } for a rate,
   * { atMost: 1.3, of: 'ratio' } for a time); `value` bounds the value itself, in its unit.
   */
  readonly goal?: { readonly of: 'ratio' | 'value'; readonly atLeast?: number; readonly atMost?: number };
}

/** Median of the timings of `runs` calls of `fn`, in milliseconds. */
export async function medianMs(runs: number, fn: () => Promise<void> | void): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

/** Median of some numbers. */
export const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** value / floor, or undefined without a floor. */
export const ratioOf = (result: BenchResult): number | undefined => (result.floor && result.floor.value > 0 ? result.value / result.floor.value : undefined);

/** Whether the figure meets its goal (undefined: no goal). */
export function meetsGoal(result: BenchResult): boolean | undefined {
  if (!result.goal) return undefined;
  const measured = result.goal.of === 'ratio' ? ratioOf(result) : result.value;
  if (measured === undefined) return false;
  return (result.goal.atLeast === undefined || measured >= result.goal.atLeast) && (result.goal.atMost === undefined || measured <= result.goal.atMost);
}

/** The goal in words: "≥ 0.7 × floor", "≤ 0.5 s". */
export function goalText(result: BenchResult): string {
  if (!result.goal) return '';
  const bound = [result.goal.atLeast === undefined ? '' : `≥ ${result.goal.atLeast}`, result.goal.atMost === undefined ? '' : `≤ ${result.goal.atMost}`]
    .filter(Boolean)
    .join(' and ');
  return result.goal.of === 'ratio' ? `${bound} × floor` : `${bound} ${result.unit}`;
}
