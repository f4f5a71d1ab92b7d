import type { PackageContent } from './distribution.state.js';

export interface Rotation {
  /** The rollbacks after the rotation: index k is rollback<k>. */
  readonly rollbacks: readonly PackageContent[];
  /** What no longer fits in the `count` rollbacks. */
  readonly dropped: readonly PackageContent[];
}

/**
 * mini-buildd's rollback shift: the replaced version goes to rollback0, the others move up by one,
 * beyond `count` they drop out. No rotation when the distribution keeps no rollbacks or the replaced
 * version is already one of them.
 */
export const rotateIntoRollbacks = (
  rollbacks: readonly PackageContent[],
  replaced: PackageContent,
  count: number,
): Rotation | undefined => {
  if (count === 0 || rollbacks.some((entry) => entry.version === replaced.version)) return undefined;
  const shifted = [replaced, ...rollbacks];
  return { rollbacks: shifted.slice(0, count), dropped: shifted.slice(count) };
};
