/** The parts of a distribution name `<codename>-<repository>-<suite>[-rollback<N>]`. */
export interface DistributionName {
  readonly codename: string;
  readonly repository: string;
  readonly suite: string;
  /** The rollback slot for `-rollback<N>`, absent for the distribution itself. */
  readonly rollback?: number;
}

const pattern = /^([a-z0-9]+)-([a-z0-9]+)-([a-z]+)(?:-rollback(0|[1-9]\d*))?$/;

export const formatDistributionName = ({ codename, repository, suite, rollback }: DistributionName): string =>
  `${codename}-${repository}-${suite}${rollback === undefined ? '' : `-rollback${rollback}`}`;

/** Splits a distribution name; undefined when it is not `<codename>-<repository>-<suite>[-rollback<N>]`. */
export const parseDistributionName = (name: string): DistributionName | undefined => {
  const match = pattern.exec(name);
  if (!match) return undefined;
  const [, codename = '', repository = '', suite = '', rollback] = match;
  return { codename, repository, suite, ...(rollback === undefined ? {} : { rollback: Number(rollback) }) };
};
