/**
 * The Release of the snapshot `name` of `distribution`: the distribution's own Release with
 * `Suite: <distribution>/snapshots/<name>`, as reprepro's gensnapshot writes it. apt compares the
 * distribution of a sources.list line (`<distribution>/snapshots/<name>`) with Suite and Codename, so
 * this line makes the snapshot's line check cleanly; the index hashes stay valid, the paths below the
 * Release being the same.
 */
export function snapshotRelease(release: string, distribution: string, name: string): string {
  const suite = `Suite: ${distribution}/snapshots/${name}`;
  if (/^Suite:.*$/m.test(release)) return release.replace(/^Suite:.*$/m, suite);
  return /^Codename:.*$/m.test(release) ? release.replace(/^(Codename:.*)$/m, `${suite}\n$1`) : `${suite}\n${release}`;
}
