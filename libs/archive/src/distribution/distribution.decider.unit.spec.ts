import {
  ArchiveCommandRefused,
  type DistributionEvent,
  PackageInstalled,
  PackageMigrated,
  PackagePorted,
  PackageRemoved,
  PackageRemovedFromRollback,
  PackageRestored,
  PackageRotatedToRollback,
} from '@mbd/events';
import { describe, expect, it } from 'vitest';
import { migrationPath } from '../configuration/migration-path.js';
import { foldEvents } from '../decider.js';
import { deciderSpecification } from '../testing/decider-specification.js';
import { commandMetadata, helloContent, metadata, settings, testRepository } from '../testing/fixtures.js';
import type { DistributionCommand } from './distribution.commands.js';
import { distributionDecider } from './distribution.decider.js';

const given = deciderSpecification(distributionDecider);
const unstable = settings('unstable');
const testing = settings('testing');
const stable = settings('stable');

const v = (n: number) => `1.${n}-1~test12+1`;
const install = (version: string, extra: Partial<Extract<DistributionCommand, { type: 'InstallPackage' }>['data']> = {}): DistributionCommand => ({
  type: 'InstallPackage',
  data: { distribution: unstable, source: 'hello', version, uploadId: `u-${version}`, ...helloContent(version), ...extra },
  metadata: commandMetadata,
});
const installed = (version: string, replaced?: string) =>
  PackageInstalled.create(
    { distribution: unstable.name, source: 'hello', version, uploadId: `u-${version}`, ...helloContent(version), ...(replaced ? { replaced } : {}) },
    metadata,
  );
const refused = (command: 'install' | 'migrate' | 'remove' | 'restore' | 'port', distribution: string, version: string | undefined, reason: string, message: string) =>
  ArchiveCommandRefused.create(
    { command, distribution, source: 'hello', ...(version ? { version } : {}), reason: reason as never, message },
    metadata,
  );

/** Decides each command in turn on the stream's growing history; returns the whole history. */
const run = (commands: DistributionCommand[], history: DistributionEvent[] = []): DistributionEvent[] =>
  commands.reduce<DistributionEvent[]>(
    (events, command) => [...events, ...distributionDecider.decide(command, foldEvents(distributionDecider, events))],
    history,
  );

describe('distribution decider: install', () => {
  it('installs a version that follows the rules into an empty distribution', () => {
    given([]).when(install(v(1))).then([installed(v(1))]);
  });

  it('refuses a version without ~<repository><codeversion>+N, with the rule in the reason', () => {
    given([])
      .when(install('1.0-1'))
      .then([refused('install', unstable.name, '1.0-1', 'version-rules', "Version restrictions failed for suite 'unstable': '~test12\\+[1-9]' not in '1.0-1'")]);
  });

  it('refuses +0 outside experimental suites and requires +0 in them', () => {
    expect(given([]).when(install('1.0-1~test12+0')).events()[0]?.type).toBe('ArchiveCommandRefused');
    const experimental = settings('experimental');
    expect(given([]).when(install('1.0-1~test12+0', { distribution: experimental })).events()[0]?.type).toBe('PackageInstalled');
    expect(given([]).when(install('1.0-1~test12+1', { distribution: experimental })).events()[0]?.type).toBe('ArchiveCommandRefused');
  });

  it('refuses a version already in another distribution of the repository', () => {
    given([])
      .when(install(v(1), { versionsInRepository: [{ distribution: 'bookworm-test-experimental', version: v(1) }] }))
      .then([refused('install', unstable.name, v(1), 'version-exists', `Source already installed: Source 'hello_${v(1)}' found in bookworm-test-experimental`)]);
  });

  it('refuses the version already installed and an older one', () => {
    given([installed(v(2))])
      .when(install(v(2)))
      .then([refused('install', unstable.name, v(2), 'version-exists', `Source already installed: Source 'hello_${v(2)}' found in ${unstable.name}`)]);
    given([installed(v(2))])
      .when(install(v(1)))
      .then([refused('install', unstable.name, v(1), 'version-older', `Package 'hello' has greater version '${v(2)}' installed in '${unstable.name}'`)]);
  });

  it('moves the replaced version to rollback0 before installing the new one', () => {
    given([installed(v(1))])
      .when(install(v(2)))
      .then([
        PackageRotatedToRollback.create({ distribution: unstable.name, source: 'hello', version: v(1), rollbacks: [v(1)], dropped: [] }, metadata),
        installed(v(2), v(1)),
      ]);
  });

  it('keeps the last N replaced versions (unstable keeps 9); older ones drop out', () => {
    const history = run(Array.from({ length: 12 }, (_, n) => install(v(n + 1))));
    const rotations = history.filter((event) => event.type === 'PackageRotatedToRollback');
    expect(rotations).toHaveLength(11);
    expect(rotations.at(-1)?.data).toEqual({
      distribution: unstable.name,
      source: 'hello',
      version: v(11),
      rollbacks: [v(11), v(10), v(9), v(8), v(7), v(6), v(5), v(4), v(3)],
      dropped: [v(2)],
    });
    const state = foldEvents(distributionDecider, history);
    expect(state.packages.get('hello')?.version).toBe(v(12));
    expect(state.rollbacks.get('hello')?.map((entry) => entry.version)).toEqual([v(11), v(10), v(9), v(8), v(7), v(6), v(5), v(4), v(3)]);
    expect(state.rollbacks.get('hello')?.[0]?.files).toEqual(helloContent(v(11)).files);
  });
});

describe('distribution decider: migrate', () => {
  const fromUnstable = (version: string, to = testing, from = unstable): DistributionCommand => ({
    type: 'MigratePackage',
    data: { from, to, source: 'hello', package: { version, ...helloContent(version) } },
    metadata: commandMetadata,
  });

  it('copies the package from unstable to testing with its files and binaries', () => {
    given([])
      .when(fromUnstable(v(1)))
      .then([PackageMigrated.create({ from: unstable.name, to: testing.name, source: 'hello', version: v(1), ...helloContent(v(1)) }, metadata)]);
  });

  it('refuses a migration that skips a suite or goes where the suite does not migrate', () => {
    given([])
      .when(fromUnstable(v(1), stable))
      .then([refused('migrate', stable.name, v(1), 'not-migratable', `${unstable.name} migrates to ${testing.name}, not to ${stable.name}`)]);
  });

  it('refuses to migrate a source the lower suite does not hold, or the version already migrated', () => {
    given([])
      .when({ type: 'MigratePackage', data: { from: unstable, to: testing, source: 'hello', package: null }, metadata: commandMetadata })
      .then([refused('migrate', testing.name, undefined, 'source-absent', `hello is not in ${unstable.name}`)]);
    const history = run([fromUnstable(v(1))]);
    expect(given(history).when(fromUnstable(v(1))).events()[0]?.data).toMatchObject({ reason: 'version-exists' });
  });

  it('rotates the version it replaces in the target', () => {
    const history = run([fromUnstable(v(1)), fromUnstable(v(2))]);
    expect(history.map((event) => event.type)).toEqual(['PackageMigrated', 'PackageRotatedToRollback', 'PackageMigrated']);
    expect(history[2]?.data).toMatchObject({ version: v(2), replaced: v(1) });
  });

  it('walks the whole chain unstable → testing → stable, one stream per distribution', () => {
    const streams = new Map<string, DistributionEvent[]>([[unstable.name, run([install(v(1))])]]);
    for (const { from, to } of migrationPath(testRepository, 'bookworm', 'unstable', true)) {
      const held = foldEvents(distributionDecider, streams.get(from.name) ?? []).packages.get('hello') ?? null;
      streams.set(to.name, run([{ type: 'MigratePackage', data: { from, to, source: 'hello', package: held }, metadata: commandMetadata }], streams.get(to.name)));
    }
    for (const name of [unstable.name, testing.name, stable.name])
      expect(foldEvents(distributionDecider, streams.get(name) ?? []).packages.get('hello')?.version).toBe(v(1));
  });
});

describe('distribution decider: remove, rollbacks and restore', () => {
  const remove = (extra: Partial<Extract<DistributionCommand, { type: 'RemovePackage' }>['data']> = {}): DistributionCommand => ({
    type: 'RemovePackage',
    data: { distribution: unstable, source: 'hello', ...extra },
    metadata: commandMetadata,
  });
  const restore = (version: string): DistributionCommand => ({ type: 'RestorePackage', data: { distribution: unstable, source: 'hello', version }, metadata: commandMetadata });

  it('moves the removed version to rollback0, or not at all without rollback', () => {
    given([installed(v(1))])
      .when(remove({ reason: 'obsolete' }))
      .then([
        PackageRotatedToRollback.create({ distribution: unstable.name, source: 'hello', version: v(1), rollbacks: [v(1)], dropped: [] }, metadata),
        PackageRemoved.create({ distribution: unstable.name, source: 'hello', version: v(1), reason: 'obsolete' }, metadata),
      ]);
    given([installed(v(1))])
      .when(remove({ withoutRollback: true }))
      .then([PackageRemoved.create({ distribution: unstable.name, source: 'hello', version: v(1) }, metadata)]);
  });

  it('refuses to remove what is not there', () => {
    given([]).when(remove()).then([refused('remove', unstable.name, undefined, 'source-absent', `hello is not in ${unstable.name}`)]);
    given([installed(v(2))])
      .when(remove({ version: v(1) }))
      .then([refused('remove', unstable.name, v(1), 'version-absent', `hello_${v(1)} is not in ${unstable.name} (it holds ${v(2)})`)]);
  });

  it('restores a version from a rollback once the distribution no longer holds the source', () => {
    const history = run([install(v(1)), install(v(2))]);
    given(history)
      .when(restore(v(1)))
      .then([refused('restore', unstable.name, v(1), 'target-occupied', `hello_${v(2)} is in ${unstable.name}: remove it before restoring ${v(1)}`)]);
    const removed = run([remove({ withoutRollback: true })], history);
    given(removed)
      .when(restore(v(1)))
      .then([PackageRestored.create({ distribution: unstable.name, source: 'hello', version: v(1), rollback: 0, ...helloContent(v(1)) }, metadata)]);
  });

  it('refuses to restore a version that never was in a rollback', () => {
    given([installed(v(1))])
      .when(restore('0.9-1~test12+1'))
      .then([refused('restore', unstable.name, '0.9-1~test12+1', 'rollback-absent', `hello_0.9-1~test12+1 is in no rollback of ${unstable.name}`)]);
  });

  it('does not rotate a version that is already in the rollbacks (after a restore)', () => {
    const history = run([install(v(1)), install(v(2)), remove({ withoutRollback: true }), restore(v(1)), install(v(3))]);
    expect(history.slice(-1).map((event) => event.type)).toEqual(['PackageInstalled']);
    expect(foldEvents(distributionDecider, history).rollbacks.get('hello')?.map((entry) => entry.version)).toEqual([v(1)]);
  });

  it('compacts the higher rollbacks when one is removed', () => {
    const history = run([install(v(1)), install(v(2)), install(v(3)), install(v(4))]);
    given(history)
      .when({ type: 'RemovePackageFromRollback', data: { distribution: unstable, source: 'hello', rollback: 1 }, metadata: commandMetadata })
      .then([PackageRemovedFromRollback.create({ distribution: unstable.name, source: 'hello', version: v(2), rollback: 1, rollbacks: [v(3), v(1)] }, metadata)]);
    expect(
      given(history)
        .when({ type: 'RemovePackageFromRollback', data: { distribution: unstable, source: 'hello', rollback: 5 }, metadata: commandMetadata })
        .events()[0]?.data,
    ).toMatchObject({ reason: 'rollback-absent', distribution: `${unstable.name}-rollback5` });
  });
});

describe('distribution decider: port', () => {
  const trixieUnstable = settings('unstable', 'trixie');
  type PortData = Extract<DistributionCommand, { type: 'PortPackage' }>['data'];
  const port = (origin: PortData['origin'], to = trixieUnstable, extra: Pick<PortData, 'version' | 'options'> = {}): DistributionCommand => ({
    type: 'PortPackage',
    data: { to, source: 'hello', origin, ...extra },
    metadata: commandMetadata,
  });

  it('ports internally with the target codeversion, keeping the +N revision', () => {
    given([])
      .when(port({ kind: 'internal', from: unstable, package: { version: '1.0-1~test12+3', ...helloContent('1.0-1~test12+3') } }))
      .then([
        PackagePorted.create(
          {
            from: unstable.name,
            to: trixieUnstable.name,
            kind: 'internal',
            source: 'hello',
            fromVersion: '1.0-1~test12+3',
            version: '1.0-1~test13+3',
            files: helloContent('1.0-1~test12+3').files.slice(0, 1),
          },
          metadata,
        ),
      ]);
  });

  it('ports externally by appending the default version, and rebuilds in place with a stamp', () => {
    expect(given([]).when(port({ kind: 'external', url: 'https://deb.example.org/hello_1.2.3.dsc', version: '1.2.3' })).events()[0]?.data).toMatchObject({
      kind: 'external',
      version: '1.2.3~test13+1',
    });
    expect(given([]).when(port({ kind: 'internal', from: unstable, package: { version: v(1), ...helloContent(v(1)) } }, unstable)).events()[0]?.data).toMatchObject({
      version: `${v(1)}+rebuilt20261125060000`,
    });
  });

  it("names the origin's source files (not its .debs), the upload options and a given version", () => {
    const data = given([])
      .when(port({ kind: 'internal', from: unstable, package: { version: v(1), ...helloContent(v(1)) } }, trixieUnstable, { version: '1.0-1~test13+7', options: ['lintian-mode=ignore'] }))
      .events()[0]?.data;
    expect(data).toMatchObject({ version: '1.0-1~test13+7', options: ['lintian-mode=ignore'] });
    expect((data as { files: { name: string }[] }).files.map((file) => file.name)).toEqual([`hello_${v(1)}.dsc`]);
    const external = given([])
      .when(port({ kind: 'external', url: 'https://x/h.dsc', version: '1.0', files: helloContent('1.0').files.slice(0, 1), unauthenticated: true }))
      .events()[0]?.data;
    expect(external).toMatchObject({ unauthenticated: true, files: [{ name: 'hello_1.0.dsc' }] });
  });

  it('refuses an external port whose .dsc could not be taken, with the reason found', () => {
    const problem = { reason: 'signature-invalid' as const, message: 'hello_1.0.dsc: not signed' };
    expect(given([]).when(port({ kind: 'external', url: 'https://x/hello_1.0.dsc', version: '1.0', problem })).events()[0]?.data).toMatchObject({
      command: 'port',
      distribution: trixieUnstable.name,
      ...problem,
    });
  });

  it('refuses a given version the target suite does not allow', () => {
    const data = given([]).when(port({ kind: 'external', url: 'https://x/h.dsc', version: '1.0' }, trixieUnstable, { version: '1.0-1' })).events()[0]?.data;
    expect(data).toMatchObject({ reason: 'version-rules', version: '1.0-1' });
  });

  it('refuses a given version that is no Debian version, and upload options the packager would reject, naming each problem', () => {
    const newer = PackageInstalled.create({ distribution: trixieUnstable.name, source: 'hello', version: '2.0-1~test13+1', ...helloContent('2.0-1~test13+1') }, metadata);
    const origin = { kind: 'internal' as const, from: unstable, package: { version: v(1), ...helloContent(v(1)) } };
    expect(given([newer]).when(port(origin, trixieUnstable, { version: 'not a version!' })).events()[0]?.data).toMatchObject({
      reason: 'version-rules',
      message: "'not a version!' is not a Debian version",
    });
    const refused = given([]).when(port(origin, trixieUnstable, { options: ['foo=bar', 'lintian-mode=bogus'] })).events()[0]?.data;
    expect(refused).toMatchObject({ command: 'port', reason: 'upload-options' });
    expect((refused as { message: string }).message).toMatch(/Unknown upload option 'foo'.*Invalid upload option value 'lintian-mode=bogus'/);
  });

  it('refuses a port into a suite that takes no uploads, from where the source is absent, or below what is there', () => {
    const refusedPort = (origin: Parameters<typeof port>[0], to = trixieUnstable, history: DistributionEvent[] = []) =>
      given(history).when(port(origin, to)).events()[0]?.data;
    expect(refusedPort({ kind: 'external', url: 'https://x/h.dsc', version: '1.0' }, settings('stable', 'trixie'))).toMatchObject({
      reason: 'distribution-not-uploadable',
    });
    expect(refusedPort({ kind: 'internal', from: unstable, package: null })).toMatchObject({ reason: 'source-absent' });
    const newer = PackageInstalled.create({ distribution: trixieUnstable.name, source: 'hello', version: '2.0-1~test13+1', ...helloContent('2.0-1~test13+1') }, metadata);
    expect(refusedPort({ kind: 'external', url: 'https://x/h.dsc', version: '1.0' }, trixieUnstable, [newer])).toMatchObject({ reason: 'version-older' });
  });
});
