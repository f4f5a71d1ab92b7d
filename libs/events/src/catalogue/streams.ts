import { InvalidStreamIdError } from './errors.js';

/**
 * Stream ids, built only here: one stream per upload, one per distribution (its rollbacks included),
 * one per configuration aggregate.
 */

export const configurationKinds = ['repository', 'source', 'chroot', 'uploader', 'remote', 'daemon'] as const;
export type ConfigurationKind = (typeof configurationKinds)[number];

export type StreamId =
  | { readonly kind: 'upload'; readonly uploadId: string }
  | { readonly kind: 'distribution'; readonly codename: string; readonly repository: string; readonly suite: string }
  | { readonly kind: 'snapshots'; readonly codename: string; readonly repository: string; readonly suite: string }
  | { readonly kind: 'configuration'; readonly aggregate: ConfigurationKind; readonly id: string }
  | { readonly kind: 'follower'; readonly follower: string };

const uploadIdPattern = /^[A-Za-z0-9][A-Za-z0-9._:-]*$/;
const namePattern = /^[a-z0-9]+$/;
const suitePattern = /^[a-z]+$/;
const followerPattern = /^[a-z][a-z0-9-]{0,62}$/;
const configurationIdPattern = /^[A-Za-z0-9][A-Za-z0-9._:+-]*$/;

const check = (streamId: string, value: string, pattern: RegExp, what: string): string => {
  if (!pattern.test(value)) throw new InvalidStreamIdError(streamId, `${what} '${value}' does not match ${pattern.source}`);
  return value;
};

/** `upload-<id>`: an upload's whole lifecycle, builds included. */
export const uploadStream = (uploadId: string): string => {
  const streamId = `upload-${uploadId}`;
  check(streamId, uploadId, uploadIdPattern, 'upload id');
  return streamId;
};

/** `dist-<codename>-<repository>-<suite>`: what entered and left a distribution and its rollbacks. */
export const distributionStream = (codename: string, repository: string, suite: string): string => {
  const streamId = `dist-${codename}-${repository}-${suite}`;
  check(streamId, codename, namePattern, 'codename');
  check(streamId, repository, namePattern, 'repository');
  check(streamId, suite, suitePattern, 'suite');
  return streamId;
};

/** `snapshots-<codename>-<repository>-<suite>`: the snapshots (names for log positions) of a distribution. */
export const snapshotsStream = (codename: string, repository: string, suite: string): string => {
  const streamId = `snapshots-${codename}-${repository}-${suite}`;
  check(streamId, codename, namePattern, 'codename');
  check(streamId, repository, namePattern, 'repository');
  check(streamId, suite, suitePattern, 'suite');
  return streamId;
};

/** `config-<kind>-<id>`, e.g. `config-repository-test`, `config-chroot-bookworm-amd64`. */
export const configurationStream = (kind: ConfigurationKind, id: string): string => {
  const streamId = `config-${kind}-${id}`;
  check(streamId, id, configurationIdPattern, `${kind} id`);
  return streamId;
};

/** `follower-<name>`: what a follower of the log parked, and the operator's retries. */
export const followerStream = (follower: string): string => {
  const streamId = `follower-${follower}`;
  check(streamId, follower, followerPattern, 'follower');
  return streamId;
};

const isConfigurationKind = (value: string): value is ConfigurationKind =>
  (configurationKinds as readonly string[]).includes(value);

/** The inverse of the helpers above; throws InvalidStreamIdError for anything they would not build. */
export const parseStreamId = (streamId: string): StreamId => {
  const [prefix, ...rest] = streamId.split('-');
  switch (prefix) {
    case 'upload': {
      const uploadId = rest.join('-');
      check(streamId, uploadId, uploadIdPattern, 'upload id');
      return { kind: 'upload', uploadId };
    }
    case 'dist': {
      if (rest.length !== 3) throw new InvalidStreamIdError(streamId, 'expected dist-<codename>-<repository>-<suite>');
      const [codename = '', repository = '', suite = ''] = rest;
      distributionStream(codename, repository, suite);
      return { kind: 'distribution', codename, repository, suite };
    }
    case 'snapshots': {
      if (rest.length !== 3) throw new InvalidStreamIdError(streamId, 'expected snapshots-<codename>-<repository>-<suite>');
      const [codename = '', repository = '', suite = ''] = rest;
      snapshotsStream(codename, repository, suite);
      return { kind: 'snapshots', codename, repository, suite };
    }
    case 'config': {
      const [aggregate = '', ...idParts] = rest;
      if (!isConfigurationKind(aggregate))
        throw new InvalidStreamIdError(streamId, `unknown configuration kind '${aggregate}' (one of ${configurationKinds.join(', ')})`);
      const id = idParts.join('-');
      check(streamId, id, configurationIdPattern, `${aggregate} id`);
      return { kind: 'configuration', aggregate, id };
    }
    case 'follower': {
      const follower = rest.join('-');
      check(streamId, follower, followerPattern, 'follower');
      return { kind: 'follower', follower };
    }
    default:
      throw new InvalidStreamIdError(streamId, 'expected a prefix upload-, dist-, snapshots-, config- or follower-');
  }
};
