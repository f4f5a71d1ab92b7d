/** The address of the tracker's debdiff page between two versions of `source` in `repository`. */
export const debdiffHref = (source: string, repository: string, a: string, b: string): string =>
  `/packages/${encodeURIComponent(source)}/debdiff?${new URLSearchParams({ repository, a, b }).toString()}`;
