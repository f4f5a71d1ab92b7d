import { BuildRequested, BuildSucceeded, SourceLinted, type UploadEvent, UploadReceived } from '@mbd/events';
import { describe, expect, it } from 'vitest';
import { foldEvents } from '../decider.js';
import { deciderSpecification } from '../testing/decider-specification.js';
import { commandMetadata, fileRef, metadata, settings, testRepository } from '../testing/fixtures.js';
import { uploadDecider } from '../upload/upload.decider.js';
import { afterBuild } from './build-orchestration.process-manager.js';

/** The install gate after an upload whose changelog sets lintian-mode, in an errfail suite (bookworm-test-unstable). */
const unstable = settings('unstable');
const version = '1.0-1~test12+1';
const common = { uploadId: 'u1', source: 'hello', version, distribution: unstable.name };
const received = UploadReceived.create(
  { ...common, changes: fileRef('hello.changes'), files: [fileRef(`hello_${version}.dsc`), fileRef(`hello_${version}.tar.xz`)], architectures: ['source'], changedBy: 'J <j@x>', signedBy: null, via: 'ftp' },
  metadata,
);
const changesWith = (...items: string[]) =>
  ['', `hello (${version}) ${unstable.name}; urgency=medium`, '.', ...items.map((item) => `  * MINI_BUILDD_OPTION: ${item}`)].join('\n');

/** The upload accepted by the packager with these options (the real decider, so `checks` is what it records). */
const acceptedWith = (...items: string[]): UploadEvent[] => {
  const review = {
    type: 'ReviewUpload' as const,
    data: {
      repositories: [{ ...testRepository, allowUnsignedUploads: true }],
      signature: { status: 'unsigned' as const },
      uploaders: [],
      versionsInRepository: [],
      dsc: { name: `hello_${version}.dsc`, source: 'hello', version, architectures: ['any', 'all'], files: [fileRef(`hello_${version}.tar.xz`)] },
      changes: changesWith(...items),
    },
    metadata: commandMetadata,
  };
  return [received, ...deciderSpecification(uploadDecider)([received]).when(review).events()];
};
const built = (architecture: string, errors: number) =>
  BuildSucceeded.create(
    { buildId: `u1-${architecture}-1`, architecture, files: [fileRef(`hello_${version}_${architecture}.deb`)], log: fileRef(`hello_${version}_${architecture}.build`), seconds: 3, lintian: { errors, warnings: 0 } },
    metadata,
  );
const linted = (errors: number) => SourceLinted.create({ ...common, lintian: { errors, warnings: 0 } }, metadata);
const next = (history: UploadEvent[]) => afterBuild(foldEvents(uploadDecider, history), history.at(-1)!, unstable, commandMetadata);

describe('the lintian gate under the upload\'s lintian-mode', () => {
  it('installs despite lintian errors on the builds and the source when the upload says lintian-mode=ignore', () => {
    const accepted = acceptedWith('lintian-mode=ignore');
    expect(accepted.filter((event) => BuildRequested.is(event)).map((event) => event.data.architecture)).toEqual(['amd64', 'i386']);
    expect(next([...accepted, built('amd64', 2), built('i386', 1), linted(3)])).toMatchObject({ type: 'InstallPackage' });
  });

  it('takes the architecture\'s own mode over the plain one: lintian-mode[amd64]=errfail fails amd64 only', () => {
    const accepted = acceptedWith('lintian-mode=ignore', 'lintian-mode[amd64]=errfail');
    expect(next([...accepted, built('amd64', 1), built('i386', 1), linted(1)])?.data).toEqual({
      reasons: ['1 mandatory architecture(s) missing: amd64 (lintian found 1 error(s) and 0 warning(s) in the amd64 build (lintian mode errfail))'],
    });
  });

  it('still fails on the suite\'s errfail without an option, and a warnfail option fails on warnings', () => {
    expect(next([...acceptedWith(), built('amd64', 0), built('i386', 0), linted(1)])).toMatchObject({ type: 'FailUpload' });
    const warnings = BuildSucceeded.create({ ...built('amd64', 0).data, lintian: { errors: 0, warnings: 1 } }, metadata);
    expect(next([...acceptedWith('lintian-mode=warnfail'), warnings, built('i386', 0), linted(0)])).toMatchObject({ type: 'FailUpload' });
  });

  it('does not wait for lintian on the source when the upload disables lintian', () => {
    expect(next([...acceptedWith('lintian-mode=disabled'), built('amd64', 5), built('i386', 5)])).toMatchObject({ type: 'InstallPackage' });
  });
});
