import { ArchiveKeyGenerated, PackageInstalled, UploadAccepted, UploadReceived, configurationStream, distributionStream, uploadStream, type RecordedEvent } from '@mbd/events';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { daemonCommandMetadata } from '../support/command-metadata.js';
import { UNSTABLE, WorkflowHarness } from '../testing/workflow-harness.js';
import { withoutMigrationLine } from './keyring-package-source.js';
import { KeyringPackagesProcessManager } from './keyring-packages.process-manager.js';
import { KeyringPackagesService, type KeyringPackagesRequest } from './keyring-packages.service.js';

const SOURCE = 'test-archive-keyring';

/** Records what the process manager asks of keyring_packages instead of building anything. */
class RecordingKeyringPackages {
  readonly requests: { request: KeyringPackagesRequest; now: Date }[] = [];
  build(request: KeyringPackagesRequest, now: Date) {
    this.requests.push({ request, now });
    return Promise.resolve([]);
  }
}

describe('KeyringPackagesProcessManager', () => {
  let harness: WorkflowHarness;
  let manager: KeyringPackagesProcessManager;
  let keyringPackages: RecordingKeyringPackages;

  beforeEach(async () => {
    keyringPackages = new RecordingKeyringPackages();
    harness = await WorkflowHarness.create('keyring-packages', [KeyringPackagesProcessManager], [{ provide: KeyringPackagesService, useValue: keyringPackages }]);
    manager = harness.get(KeyringPackagesProcessManager);
  });

  afterEach(async () => {
    await harness.close();
  });

  /** An upload of the keyring package as the pipeline leaves it: received, accepted (signed by `signedBy`), installed in unstable. */
  const installed = async (uploadId: string, version: string, signedBy: string, changesLines: string[]): Promise<RecordedEvent> => {
    const metadata = { actor: { kind: 'daemon' as const }, correlationId: uploadId, occurredAt: new Date().toISOString() };
    const dsc = await harness.put(`${SOURCE}_${version}.dsc`, `dsc of ${version}`);
    const changes = await harness.put(
      `${SOURCE}_${version}_source.changes`,
      [
        'Format: 1.8',
        'Date: Mon, 30 Nov 2026 22:05:09 +0000',
        `Source: ${SOURCE}`,
        'Architecture: source',
        `Version: ${version}`,
        `Distribution: ${UNSTABLE}`,
        'Urgency: medium',
        'Maintainer: mbd <mbd@example.org>',
        'Changed-By: mbd <mbd@example.org>',
        'Changes:',
        ` ${SOURCE} (${version}) ${UNSTABLE}; urgency=medium`,
        ...changesLines.map((line) => ` ${line}`),
        'Checksums-Sha256:',
        ` ${dsc.sha256} ${dsc.size} ${dsc.name}`,
        'Files:',
        ` ${'0'.repeat(32)} ${dsc.size} misc optional ${dsc.name}`,
        '',
      ].join('\n'),
    );
    await harness.store.append(
      uploadStream(uploadId),
      [
        UploadReceived.create({ uploadId, changes, files: [dsc], source: SOURCE, version, distribution: UNSTABLE, architectures: ['source'], changedBy: 'mbd <mbd@example.org>', signedBy: null, via: 'http' }, metadata),
        UploadAccepted.create(
          { uploadId, source: SOURCE, version, distribution: UNSTABLE, codename: 'bookworm', repository: 'test', suite: 'unstable', buildArchitectures: ['amd64'], archAllOn: 'amd64', signedBy },
          metadata,
        ),
      ],
      'any',
    );
    const deb = await harness.put(`${SOURCE}_${version}_all.deb`, `deb of ${version}`);
    const [event] = (
      await harness.store.append(
        distributionStream('bookworm', 'test', 'unstable'),
        [PackageInstalled.create({ distribution: UNSTABLE, source: SOURCE, version, uploadId, files: [dsc, deb], binaries: [{ package: SOURCE, version, architecture: 'all' }] }, metadata)],
        'any',
      )
    ).events;
    await harness.settle();
    return event!;
  };

  const versionIn = async (suite: string): Promise<string | undefined> =>
    (await harness.events(distributionStream('bookworm', 'test', suite))).filter((event) => PackageInstalled.is(event) || event.type === 'PackageMigrated').at(-1)?.data?.['version' as never];

  it('migrates its own keyring upload up the whole chain once installed, and only once', async () => {
    const event = await installed('u-keyring', '20261130220509~test12+1', harness.archiveKey.fingerprint, ['.', '  * Archive key.']);
    expect(manager.accepts(event)).toBe(true);
    await manager.handle(event);
    expect(await versionIn('testing')).toBe('20261130220509~test12+1');
    expect(await versionIn('stable')).toBe('20261130220509~test12+1');
    const before = await harness.store.headPosition();
    await manager.handle(event); // the same event again (a restart before the checkpoint): nothing more
    expect(await harness.store.headPosition()).toBe(before);
  });

  it('leaves a keyring package built --without-migration, and one it did not sign, where they are installed', async () => {
    await manager.handle(await installed('u-stay', '20261130220509~test12+1', harness.archiveKey.fingerprint, ['.', `  * ${withoutMigrationLine}`]));
    await manager.handle(await installed('u-foreign', '20261130230000~test12+1', harness.uploader, ['.', '  * Someone else\'s.']));
    expect(await versionIn('testing')).toBeUndefined();
  });

  it('rebuilds the keyring packages when a new archive key replaces another, not for the first key', async () => {
    const metadata = daemonCommandMetadata('setup');
    const at = { actor: metadata.actor, correlationId: 'setup', occurredAt: '2026-11-30T22:05:09.000Z' };
    const stream = configurationStream('daemon', 'archive-key');
    const first = (await harness.store.append(stream, [ArchiveKeyGenerated.create({ fingerprint: 'B'.repeat(40) }, at)], 'any')).events[0]!;
    await manager.handle(first);
    expect(keyringPackages.requests).toEqual([]);
    const replacing = (await harness.store.append(stream, [ArchiveKeyGenerated.create({ fingerprint: harness.archiveKey.fingerprint }, at)], 'any')).events[0]!;
    await manager.handle(replacing);
    expect(keyringPackages.requests).toEqual([{ request: {}, now: new Date('2026-11-30T22:05:09.000Z') }]);
  });
});
