import {
  type ArchiveCommand,
  type Decider,
  ArchiveCommandRefused,
  type DistributionEvent,
  type EventMetadata,
  PackageInstalled,
  PackageMigrated,
  PackagePorted,
  PackageRemoved,
  PackageRemovedFromRollback,
  PackageRestored,
  PackageRotatedToRollback,
} from '@mbd/events';
import { isValidVersion, printable } from '@mbd/debian';
import type { DistributionSettings } from '../configuration/distribution-settings.js';
import { checkUploadOptions } from '../upload/upload-options.js';
import { isSourceFile } from '../build/binaries-of.js';
import { assertNever, eventMetadata } from '../decider.js';
import type {
  DistributionCommand,
  InstallPackage,
  MigratePackage,
  PortPackage,
  RemovePackage,
  RemovePackageFromRollback,
  RestorePackage,
} from './distribution.commands.js';
import { type DistributionState, evolveDistribution, initialDistributionState } from './distribution.state.js';
import { externalPortVersion, internalPortVersion, rebuildVersion } from './port-version.js';
import { rotateIntoRollbacks } from './rollback-rotation.js';
import { type PlacedVersion, type Refusal, checkVersionNew, checkVersionNotOlder, checkVersionRule } from './version-checks.js';

/** A file of a source package (the .dsc, its tarballs and diffs), not a built one (.deb, .buildinfo, .changes). */

/** Builds the ArchiveCommandRefused of one command: `refuse(refusal, version?)`. */
const refuser =
  (command: ArchiveCommand, distribution: string, source: string, metadata: EventMetadata) =>
  (refusal: Refusal, version?: string): DistributionEvent[] => [
    ArchiveCommandRefused.create({ command, distribution, source, ...(version === undefined ? {} : { version }), ...refusal }, metadata),
  ];

/** The version of `source` now in the distribution, as a placed version. */
const placedIn = (state: DistributionState, distribution: string, source: string): PlacedVersion | undefined => {
  const current = state.packages.get(source);
  return current && { distribution, version: current.version };
};

/** Before `source` is replaced or removed: its current version moves to rollback0 (if the distribution keeps rollbacks). */
const rotate = (state: DistributionState, settings: DistributionSettings, source: string, metadata: EventMetadata): DistributionEvent[] => {
  const current = state.packages.get(source);
  const rotation = current && rotateIntoRollbacks(state.rollbacks.get(source) ?? [], current, settings.rollbacks);
  if (!current || !rotation) return [];
  return [
    PackageRotatedToRollback.create(
      {
        distribution: settings.name,
        source,
        version: current.version,
        rollbacks: rotation.rollbacks.map((entry) => entry.version),
        dropped: rotation.dropped.map((entry) => entry.version),
      },
      metadata,
    ),
  ];
};

const install = ({ data, metadata: commandMetadata }: InstallPackage, state: DistributionState): DistributionEvent[] => {
  const metadata = eventMetadata(commandMetadata);
  const { distribution, source, version } = data;
  const target = placedIn(state, distribution.name, source);
  const elsewhere = (data.versionsInRepository ?? []).filter((entry) => entry.distribution !== distribution.name);
  const refusal =
    checkVersionRule(distribution.versionRule, distribution.suite, version) ??
    checkVersionNew(source, version, [...elsewhere, ...(target ? [target] : [])]) ??
    checkVersionNotOlder(source, version, target);
  if (refusal) return refuser('install', distribution.name, source, metadata)(refusal, version);
  return [
    ...rotate(state, distribution, source, metadata),
    PackageInstalled.create(
      {
        distribution: distribution.name,
        source,
        version,
        ...(data.uploadId === undefined ? {} : { uploadId: data.uploadId }),
        files: [...data.files],
        binaries: [...data.binaries],
        ...(target ? { replaced: target.version } : {}),
      },
      metadata,
    ),
  ];
};

const migrate = ({ data, metadata: commandMetadata }: MigratePackage, state: DistributionState): DistributionEvent[] => {
  const metadata = eventMetadata(commandMetadata);
  const { from, to, source } = data;
  const refuse = refuser('migrate', to.name, source, metadata);
  if (from.migratesTo !== to.name)
    return refuse(
      { reason: 'not-migratable', message: `${from.name} migrates to ${from.migratesTo ?? 'no other distribution'}, not to ${to.name}` },
      data.package?.version,
    );
  if (!data.package) return refuse({ reason: 'source-absent', message: `${source} is not in ${from.name}` });
  const { version } = data.package;
  const target = placedIn(state, to.name, source);
  const refusal = checkVersionNew(source, version, target ? [target] : []) ?? checkVersionNotOlder(source, version, target);
  if (refusal) return refuse(refusal, version);
  return [
    ...rotate(state, to, source, metadata),
    PackageMigrated.create(
      {
        from: from.name,
        to: to.name,
        source,
        version,
        files: [...data.package.files],
        binaries: [...data.package.binaries],
        ...(target ? { replaced: target.version } : {}),
      },
      metadata,
    ),
  ];
};

const remove = ({ data, metadata: commandMetadata }: RemovePackage, state: DistributionState): DistributionEvent[] => {
  const metadata = eventMetadata(commandMetadata);
  const { distribution, source } = data;
  const current = state.packages.get(source);
  const refuse = refuser('remove', distribution.name, source, metadata);
  if (!current) return refuse({ reason: 'source-absent', message: `${source} is not in ${distribution.name}` }, data.version);
  if (data.version !== undefined && data.version !== current.version)
    return refuse(
      { reason: 'version-absent', message: `${source}_${data.version} is not in ${distribution.name} (it holds ${current.version})` },
      data.version,
    );
  return [
    ...(data.withoutRollback ? [] : rotate(state, distribution, source, metadata)),
    PackageRemoved.create(
      { distribution: distribution.name, source, version: current.version, ...(data.reason === undefined ? {} : { reason: data.reason }) },
      metadata,
    ),
  ];
};

const removeFromRollback = ({ data, metadata: commandMetadata }: RemovePackageFromRollback, state: DistributionState): DistributionEvent[] => {
  const metadata = eventMetadata(commandMetadata);
  const { distribution, source, rollback } = data;
  const rollbacks = state.rollbacks.get(source) ?? [];
  const removed = rollbacks[rollback];
  const rollbackName = `${distribution.name}-rollback${rollback}`;
  if (!removed)
    return refuser('remove', rollbackName, source, metadata)({ reason: 'rollback-absent', message: `${source} is not in ${rollbackName}` });
  const remaining = rollbacks.filter((_, slot) => slot !== rollback).map((entry) => entry.version);
  return [PackageRemovedFromRollback.create({ distribution: distribution.name, source, version: removed.version, rollback, rollbacks: remaining }, metadata)];
};

const restore = ({ data, metadata: commandMetadata }: RestorePackage, state: DistributionState): DistributionEvent[] => {
  const metadata = eventMetadata(commandMetadata);
  const { distribution, source, version } = data;
  const rollbacks = state.rollbacks.get(source) ?? [];
  const slot = rollbacks.findIndex((entry) => entry.version === version);
  const content = rollbacks[slot];
  const refuse = refuser('restore', distribution.name, source, metadata);
  if (!content) return refuse({ reason: 'rollback-absent', message: `${source}_${version} is in no rollback of ${distribution.name}` }, version);
  const current = state.packages.get(source);
  if (current)
    return refuse(
      { reason: 'target-occupied', message: `${source}_${current.version} is in ${distribution.name}: remove it before restoring ${version}` },
      version,
    );
  return [
    PackageRestored.create(
      { distribution: distribution.name, source, version, rollback: slot, files: [...content.files], binaries: [...content.binaries] },
      metadata,
    ),
  ];
};

const port = ({ data, metadata: commandMetadata }: PortPackage, state: DistributionState): DistributionEvent[] => {
  const metadata = eventMetadata(commandMetadata);
  const { to, source, origin } = data;
  const fromVersion = origin.kind === 'internal' ? origin.package?.version : origin.version;
  const refuse = refuser('port', to.name, source, metadata);
  if (!to.uploadable) return refuse({ reason: 'distribution-not-uploadable', message: `Distribution '${to.name}' not uploadable` }, fromVersion);
  if (origin.kind === 'external' && origin.problem) return refuse(origin.problem, fromVersion);
  if (fromVersion === undefined)
    return refuse({ reason: 'source-absent', message: `${source} is not in ${origin.kind === 'internal' ? origin.from.name : 'the origin'}` });
  if (data.version !== undefined && !isValidVersion(data.version))
    return refuse({ reason: 'version-rules', message: `'${printable(data.version)}' is not a Debian version` }, fromVersion);
  const optionProblems = checkUploadOptions(data.options ?? []).problems;
  if (optionProblems.length > 0) return refuse({ reason: 'upload-options', message: optionProblems.join('; ') }, fromVersion);
  const version =
    data.version ??
    (origin.kind === 'external'
      ? externalPortVersion(fromVersion, to.versionRule)
      : origin.from.name === to.name
        ? rebuildVersion(fromVersion, commandMetadata.now)
        : internalPortVersion(fromVersion, origin.from.versionRule, to.versionRule));
  const target = placedIn(state, to.name, source);
  const elsewhere = (data.versionsInRepository ?? []).filter((entry) => entry.distribution !== to.name);
  const refusal =
    checkVersionRule(to.versionRule, to.suite, version) ??
    checkVersionNew(source, version, [...elsewhere, ...(target ? [target] : [])]) ??
    checkVersionNotOlder(source, version, target);
  if (refusal) return refuse(refusal, version);
  const from = origin.kind === 'internal' ? origin.from.name : origin.url;
  const files = origin.kind === 'internal' ? origin.package?.files.filter(isSourceFile) : origin.files;
  const authentication =
    origin.kind === 'external' ? { ...(origin.signedBy ? { signedBy: origin.signedBy } : {}), ...(origin.unauthenticated ? { unauthenticated: true } : {}) } : {};
  return [
    PackagePorted.create(
      {
        from,
        to: to.name,
        kind: origin.kind,
        source,
        fromVersion,
        version,
        ...(files ? { files: [...files] } : {}),
        ...(data.options ? { options: [...data.options] } : {}),
        ...authentication,
      },
      metadata,
    ),
  ];
};

export const decideDistribution = (command: DistributionCommand, state: DistributionState): DistributionEvent[] => {
  switch (command.type) {
    case 'InstallPackage':
      return install(command, state);
    case 'MigratePackage':
      return migrate(command, state);
    case 'RemovePackage':
      return remove(command, state);
    case 'RemovePackageFromRollback':
      return removeFromRollback(command, state);
    case 'RestorePackage':
      return restore(command, state);
    case 'PortPackage':
      return port(command, state);
    default:
      return assertNever(command, 'distribution command');
  }
};

/** The decider of a distribution stream (`dist-<codename>-<repository>-<suite>`). */
export const distributionDecider = {
  decide: decideDistribution,
  evolve: evolveDistribution,
  initialState: initialDistributionState,
} satisfies Decider<DistributionState, DistributionCommand, DistributionEvent>;
