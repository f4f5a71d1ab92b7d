import {
  BuildCancelled,
  BuildFailed,
  BuildRequested,
  BuildStarted,
  BuildSucceeded,
  PackageInstalled,
  PackageMigrated,
  PackageRemoved,
  PackageRemovedFromRollback,
  PackageRestored,
  PackageRotatedToRollback,
  UploadAccepted,
  UploadFailed,
  UploadReceived,
  UploadRejected,
  type Actor,
  type Event,
  type EventMetadata,
} from '@mbd/events';

/** Builders of valid catalogue events for projection specs; time advances one minute per event from 2026-02-01. */
export class ArchiveEvents {
  private clock = Date.UTC(2026, 1, 1);
  readonly appended: { streamId: string; event: Event }[] = [];

  private meta(actor: Actor = { kind: 'daemon' }, correlationId = 'c'): EventMetadata {
    this.clock += 60_000;
    return { actor, correlationId, occurredAt: new Date(this.clock).toISOString() };
  }

  private add(streamId: string, event: Event): this {
    this.appended.push({ streamId, event });
    return this;
  }

  private file(name: string) {
    return { name, sha256: name.length.toString(16).padStart(64, '0'), size: 100 };
  }

  binaries(source: string, version: string) {
    return [
      { package: source, version, architecture: 'amd64' },
      { package: `${source}-doc`, version, architecture: 'all' },
    ];
  }

  received(uploadId: string, source: string, version: string, signer: string | null, changedBy = 'Jane Doe <jane@example.org>', distribution = 'unstable') {
    return this.add(
      `upload-${uploadId}`,
      UploadReceived.create(
        {
          uploadId,
          changes: this.file(`${source}_${version}_source.changes`),
          files: [this.file(`${source}_${version}.dsc`)],
          source,
          version,
          distribution,
          architectures: ['source'],
          changedBy,
          signedBy: signer,
          via: 'ftp',
        },
        this.meta(signer ? { kind: 'key', fingerprint: signer } : { kind: 'daemon' }, uploadId),
      ),
    );
  }

  /** The packager's review: accepted for `distribution` (`<codename>-<repository>-<suite>`), building on `architectures`. */
  accepted(uploadId: string, source: string, version: string, distribution = 'bookworm-test-unstable', architectures = ['amd64']) {
    const [codename = '', repository = '', suite = ''] = distribution.split('-');
    const data = { uploadId, source, version, distribution, codename, repository, suite, buildArchitectures: architectures, archAllOn: architectures[0]! };
    return this.add(`upload-${uploadId}`, UploadAccepted.create(data, this.meta(undefined, uploadId)));
  }

  /** Refused by the packager (`about` the .changes it read) or, without `about`, by the intake before the .changes was understood. */
  rejected(uploadId: string, reasons: string[], about?: { source: string; version: string; distribution: string }, retriable = false) {
    const data = { uploadId, reasons, ...about, ...(retriable ? { retriable } : {}) };
    return this.add(`upload-${uploadId}`, UploadRejected.create(data, this.meta(undefined, uploadId)));
  }

  uploadFailed(uploadId: string, source: string, version: string, reasons: string[], distribution = 'bookworm-test-unstable') {
    return this.add(`upload-${uploadId}`, UploadFailed.create({ uploadId, source, version, distribution, reasons }, this.meta(undefined, uploadId)));
  }

  requested(uploadId: string, buildId: string, source: string, version: string, architecture = 'amd64', attempt = 1, optional = false) {
    const data = { uploadId, buildId, source, version, distribution: 'bookworm-test-unstable', architecture, archAll: architecture === 'amd64', optional, attempt };
    return this.add(`upload-${uploadId}`, BuildRequested.create(data, this.meta(undefined, uploadId)));
  }

  started(uploadId: string, buildId: string, architecture = 'amd64') {
    return this.add(`upload-${uploadId}`, BuildStarted.create({ buildId, architecture, builder: 'local', chroot: `mbd-bookworm-${architecture}` }, this.meta()));
  }

  succeeded(uploadId: string, buildId: string, architecture = 'amd64') {
    const data = { buildId, architecture, files: [this.file(`${buildId}.deb`)], log: this.file(`${buildId}.log`), seconds: 42 };
    return this.add(`upload-${uploadId}`, BuildSucceeded.create(data, this.meta()));
  }

  failed(uploadId: string, buildId: string, status: string, reason: string, architecture = 'amd64') {
    return this.add(`upload-${uploadId}`, BuildFailed.create({ buildId, architecture, reason, status }, this.meta()));
  }

  cancelled(uploadId: string, buildId: string, reason: string, architecture = 'amd64') {
    return this.add(`upload-${uploadId}`, BuildCancelled.create({ buildId, architecture, reason }, this.meta({ kind: 'user', name: 'admin' })));
  }

  installed(distribution: string, source: string, version: string, uploadId?: string) {
    const data = { distribution, source, version, ...(uploadId ? { uploadId } : {}), files: [this.file(`${source}_${version}.dsc`)], binaries: this.binaries(source, version) };
    return this.add(`dist-${distribution}`, PackageInstalled.create(data, this.meta()));
  }

  migrated(from: string, to: string, source: string, version: string) {
    const data = { from, to, source, version, files: [this.file(`${source}_${version}.dsc`)], binaries: this.binaries(source, version) };
    return this.add(`dist-${to}`, PackageMigrated.create(data, this.meta({ kind: 'user', name: 'admin' })));
  }

  rotated(distribution: string, source: string, rollbacks: string[], dropped: string[] = []) {
    const data = { distribution, source, version: rollbacks[0]!, rollbacks, dropped };
    return this.add(`dist-${distribution}`, PackageRotatedToRollback.create(data, this.meta()));
  }

  removedFromRollback(distribution: string, source: string, version: string, rollback: number, rollbacks: string[]) {
    return this.add(`dist-${distribution}`, PackageRemovedFromRollback.create({ distribution, source, version, rollback, rollbacks }, this.meta()));
  }

  removed(distribution: string, source: string, version: string) {
    return this.add(`dist-${distribution}`, PackageRemoved.create({ distribution, source, version }, this.meta({ kind: 'user', name: 'admin' })));
  }

  restored(distribution: string, source: string, version: string, rollback: number) {
    const data = { distribution, source, version, rollback, files: [this.file(`${source}_${version}.dsc`)], binaries: this.binaries(source, version) };
    return this.add(`dist-${distribution}`, PackageRestored.create(data, this.meta({ kind: 'user', name: 'admin' })));
  }
}
