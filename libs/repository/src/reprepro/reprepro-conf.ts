import type { RepreproDistribution } from './reprepro.port.js';

/**
 * The text of `conf/distributions`: one stanza per distribution, in the order given. Index formats are
 * fixed (plain, .gz, .xz) so the same operations always give the same index files; no Contents, no
 * Tracking (mbd keeps .changes, .buildinfo and logs in its blob store, see gotcha G11), SignWith only when given. NotAutomatic and
 * ButAutomaticUpgrades appear only when set (apt reads only `yes`).
 */
export function renderConfDistributions(distributions: readonly RepreproDistribution[]): string {
  return distributions
    .map((distribution) =>
      [
        `Origin: ${distribution.origin}`,
        `Label: ${distribution.label}`,
        `Codename: ${distribution.name}`,
        `Suite: ${distribution.name}`,
        `Description: ${distribution.description}`,
        `Architectures: ${[...distribution.architectures, 'source'].join(' ')}`,
        `Components: ${distribution.components.join(' ')}`,
        ...(distribution.notAutomatic ? ['NotAutomatic: yes'] : []),
        ...(distribution.butAutomaticUpgrades ? ['ButAutomaticUpgrades: yes'] : []),
        ...(distribution.signWith ? [`SignWith: ${distribution.signWith}`] : []),
        'DebIndices: Packages Release . .gz .xz',
        'DscIndices: Sources Release . .gz .xz',
      ].join('\n'),
    )
    .join('\n\n')
    .concat('\n');
}

/** `conf/options`: reprepro stays quiet about architectures a package does not build for. */
export const confOptions = 'ignore unusedarch\n';
