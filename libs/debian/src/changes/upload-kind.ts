/** What an upload carries, as its Architecture field says. */
export type UploadKind = 'source-only' | 'binary-only' | 'source+binary';

export interface UploadArchitectures {
  readonly kind: UploadKind;
  /** `source` is listed. */
  readonly source: boolean;
  /** `all` is listed: architecture-independent binaries. */
  readonly archAll: boolean;
  /** The architectures of architecture-dependent binaries (`amd64`, …), without `source` and `all`. */
  readonly archSpecific: readonly string[];
}

export function uploadArchitectures(architectures: readonly string[]): UploadArchitectures {
  const source = architectures.includes('source');
  const archAll = architectures.includes('all');
  const archSpecific = architectures.filter((arch) => arch !== 'source' && arch !== 'all');
  const binary = archAll || archSpecific.length > 0;
  return { kind: source ? (binary ? 'source+binary' : 'source-only') : 'binary-only', source, archAll, archSpecific };
}
