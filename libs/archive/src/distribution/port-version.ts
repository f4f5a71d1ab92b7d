import type { VersionRule } from '../configuration/version-rule.js';

const revisionOf = (text: string): string | undefined => /\+(\d+)$/.exec(text)?.[1];

/** External port (mini-buildd `port_ext`): the target's default version is appended: `1.2.3` → `1.2.3~test12+1`. */
export const externalPortVersion = (version: string, to: VersionRule): string => `${version}${to.defaultVersion}`;

/**
 * Internal port: the rightmost match of the source suite's rule is replaced by the target's default
 * version, keeping a non-zero `+N` revision when the target is not experimental:
 * `1.2.3-1~testSID+4fud15` → `1.2.3-1~test70+4fud15`. A version the source rule does not match is
 * ported like an external one.
 */
export const internalPortVersion = (version: string, from: VersionRule, to: VersionRule): string => {
  const matches = [...version.matchAll(new RegExp(from.mandatoryRegex, 'g'))].filter((match) => match[0] !== '');
  const last = matches.at(-1);
  if (!last || to.defaultVersion === '') return to.defaultVersion === '' ? version : externalPortVersion(version, to);
  const revision = revisionOf(last[0]);
  const targetRevision = revisionOf(to.defaultVersion);
  const replacement =
    revision !== undefined && targetRevision !== undefined && revision !== '0' && targetRevision !== '0'
      ? to.defaultVersion.replace(/\+\d+$/, `+${revision}`)
      : to.defaultVersion;
  const start = last.index;
  return `${version.slice(0, start)}${replacement}${version.slice(start + last[0].length)}`;
};

/** Rebuild in the same distribution: `+rebuiltYYYYmmddHHMMSS` is appended, or replaces an earlier stamp. */
export const rebuildVersion = (version: string, now: string): string => {
  const stamp = now.replace(/[-:T]/g, '').slice(0, 14);
  if (!/^\d{14}$/.test(stamp)) throw new Error(`rebuildVersion: '${now}' is not an ISO 8601 time`);
  return `${version.replace(/\+rebuilt\d{14}$/, '')}+rebuilt${stamp}`;
};
