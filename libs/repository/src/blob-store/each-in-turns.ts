/** Copies made at once by BlobStore.copyAllTo. */
const copyConcurrency = 16;

/**
 * Runs `task` on every item, `copyConcurrency` at a time; rejects, once none is running, with the first
 * failure of a turn.
 */
export async function eachInTurns<T>(items: readonly T[], task: (item: T, index: number) => Promise<void>): Promise<void> {
  for (let start = 0; start < items.length; start += copyConcurrency) {
    const settled = await Promise.allSettled(items.slice(start, start + copyConcurrency).map((item, offset) => task(item, start + offset)));
    const failed = settled.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
  }
}
