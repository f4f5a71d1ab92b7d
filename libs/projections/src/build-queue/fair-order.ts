/**
 * The order in which waiting builds are served. Oldest request first, but round-robin between
 * uploaders: round r holds the r-th oldest waiting build of every uploader, rounds are served in turn,
 * and within a round the older request goes first. So one uploader's big batch of uploads takes one
 * turn per round and never starves another uploader's single upload, which waits at most for one
 * build of each uploader ahead of it.
 */
export function fairOrder<T extends { readonly uploader: string; readonly requestedPosition: number }>(waiting: readonly T[]): T[] {
  const byAge = [...waiting].sort((a, b) => a.requestedPosition - b.requestedPosition);
  const turns = new Map<string, number>();
  const rounds = byAge.map((build) => {
    const round = turns.get(build.uploader) ?? 0;
    turns.set(build.uploader, round + 1);
    return { build, round };
  });
  return rounds.sort((a, b) => a.round - b.round || a.build.requestedPosition - b.build.requestedPosition).map(({ build }) => build);
}
