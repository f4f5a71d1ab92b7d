import { describe, expect, it } from 'vitest';
import type { EventMetadata } from '../event.js';
import { BuildSucceeded } from './build/build-succeeded.event.js';
import { RepositoryCreated } from './configuration/repository-created.event.js';
import { PackageRotatedToRollback } from './distribution/package-rotated-to-rollback.event.js';
import { InvalidEventError, UnknownEventError } from './errors.js';
import { eventCatalogue, eventJsonSchemas, validateEvent } from './event-catalogue.js';
import { UploadReceived } from './upload/upload-received.event.js';

const metadata: EventMetadata = { actor: { kind: 'daemon' }, correlationId: 'u1', occurredAt: '2026-11-25T06:00:00.000Z' };
const sha = 'a'.repeat(64);
const file = (name: string) => ({ name, sha256: sha, size: 1234 });

const received = {
  uploadId: 'u1',
  changes: file('hello_1.0-1~test12+1_source.changes'),
  files: [file('hello_1.0-1~test12+1.dsc'), file('hello_1.0-1~test12+1.tar.xz')],
  source: 'hello',
  version: '1.0-1~test12+1',
  distribution: 'bookworm-test-unstable',
  architectures: ['source'],
  changedBy: 'Jane Doe <jane@example.org>',
  signedBy: null,
  via: 'ftp' as const,
};

describe('event catalogue', () => {
  it('lists every event type once, each with a version', () => {
    const types = eventCatalogue.map((descriptor) => descriptor.type);
    expect(new Set(types).size).toBe(types.length);
    expect(types).toEqual(expect.arrayContaining(['UploadReceived', 'BuildRequested', 'PackageInstalled', 'PackageRotatedToRollback', 'RepositoryCreated', 'ArchiveKeyGenerated']));
    for (const descriptor of eventCatalogue) expect(descriptor.version).toBeGreaterThanOrEqual(1);
  });

  it('creates an event with type, version, checked data and metadata', () => {
    const event = UploadReceived.create(received, metadata);
    expect(event).toEqual({ type: 'UploadReceived', version: 1, data: received, metadata });
    expect(UploadReceived.is(event)).toBe(true);
  });

  it('refuses data that carries bytes or a bad hash instead of a file reference', () => {
    expect(() => UploadReceived.create({ ...received, changes: { name: 'x.changes', sha256: 'xyz', size: 1 } }, metadata)).toThrow(/SHA-256/);
    expect(() =>
      BuildSucceeded.create({ buildId: 'b1', architecture: 'amd64', files: [file('../evil.deb')], log: file('log'), seconds: 3 }, metadata),
    ).toThrow(/path separators/);
  });

  it('refuses a signer that is not a fingerprint', () => {
    expect(() => UploadReceived.create({ ...received, signedBy: 'jane@example.org' }, metadata)).toThrow(/fingerprint/);
  });

  it('checks a repository configuration as a whole (arch:all builder, main, migrations)', () => {
    const layout = {
      name: 'tiny',
      suites: [
        { name: 'unstable', uploadable: true, experimental: false, migratesTo: 'stable', rollback: 3, buildKeyringPackage: false, notAutomatic: true, butAutomaticUpgrades: true, lintian: 'errfail' as const },
        { name: 'stable', uploadable: true, experimental: false, migratesTo: null, rollback: 3, buildKeyringPackage: false, notAutomatic: true, butAutomaticUpgrades: true, lintian: 'errfail' as const },
      ],
      versionRules: { defaultVersion: '', mandatoryVersionRegex: '.*', experimentalDefaultVersion: '', experimentalMandatoryVersionRegex: '.*' },
      metaDistributions: {},
    };
    const codename = { codename: 'bookworm', codeversion: '12', architectures: [{ architecture: 'amd64', optional: true }], archAllOn: 'i386', components: ['contrib'] };
    const result = RepositoryCreated.schema.safeParse({ repository: 'test', layout, codenames: [codename], allowUnsignedUploads: false, uploadPolicy: 'source-only' });
    expect(result.success).toBe(false);
    const messages = result.error?.issues.map((issue) => issue.message) ?? [];
    expect(messages).toEqual(
      expect.arrayContaining([
        'suite unstable migrates to stable, which must not be uploadable',
        'bookworm: archAllOn i386 is not one of its architectures',
        'bookworm: component main is mandatory',
      ]),
    );
  });

  it('validates a stored event against the schema of its type and version', () => {
    const event = PackageRotatedToRollback.create(
      { distribution: 'bookworm-test-unstable', source: 'hello', version: '1.0-1~test12+1', rollbacks: ['1.0-1~test12+1'], dropped: [] },
      metadata,
    );
    expect(validateEvent(event)).toEqual(event);
    expect(() => validateEvent({ ...event, data: { ...event.data, rollbacks: [] } })).toThrow(InvalidEventError);
    expect(() => validateEvent({ ...event, data: { ...event.data, rollbacks: [] } })).toThrow(/rollbacks/);
    expect(() => validateEvent({ ...event, type: 'PackageEaten' })).toThrow(UnknownEventError);
    expect(() => validateEvent({ ...event, version: 7 })).toThrow(UnknownEventError);
  });

  it('publishes a JSON Schema for every event', () => {
    const schemas = eventJsonSchemas();
    expect(Object.keys(schemas)).toHaveLength(eventCatalogue.length);
    expect(schemas['UploadReceived.v1']).toMatchObject({
      type: 'object',
      required: expect.arrayContaining(['uploadId', 'changes', 'signedBy']),
      properties: { changes: { properties: { sha256: { pattern: '^[0-9a-f]{64}$' } } } },
    });
  });
});
