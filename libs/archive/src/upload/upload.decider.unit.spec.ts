import { BuildRequested, type DataOf, UploadAccepted, UploadReceived, UploadRejected } from '@mbd/events';
import { describe, expect, it } from 'vitest';
import { debianDeveloperLayout } from '../configuration/default-layouts.js';
import { deciderSpecification } from '../testing/decider-specification.js';
import { commandMetadata, fileRef, metadata, testRepository } from '../testing/fixtures.js';
import type { DscFacts, UploadFacts } from './upload.commands.js';
import { uploadDecider } from './upload.decider.js';

const given = deciderSpecification(uploadDecider);
const uploader = 'AAAABBBBCCCCDDDDEEEEFFFF0000111122223333';
const stranger = '9999888877776666555544443333222211110000';

const receivedData = (changes: Partial<DataOf<typeof UploadReceived>> = {}): DataOf<typeof UploadReceived> => ({
  uploadId: 'u1',
  changes: fileRef('hello_1.0-1~test12+1_source.changes'),
  files: [fileRef('hello_1.0-1~test12+1.dsc'), fileRef('hello_1.0.orig.tar.gz'), fileRef('hello_1.0-1~test12+1.debian.tar.xz')],
  source: 'hello',
  version: '1.0-1~test12+1',
  distribution: 'bookworm-test-unstable',
  architectures: ['source'],
  changedBy: 'Jane Doe <jane@example.org>',
  signedBy: uploader,
  via: 'ftp',
  ...changes,
});
const received = (changes: Partial<DataOf<typeof UploadReceived>> = {}) => UploadReceived.create(receivedData(changes), metadata);

const facts = (extra: Partial<UploadFacts> = {}): UploadFacts => ({
  repositories: [testRepository],
  signature: { status: 'valid', fingerprint: uploader },
  uploaders: [{ repository: 'test', fingerprint: uploader }],
  versionsInRepository: [],
  ...extra,
});
const dscOf = (changes: { source?: string; version?: string; architectures?: string[]; extra?: ReturnType<typeof fileRef>[] } = {}): DscFacts => ({
  name: 'hello_1.0-1~test12+1.dsc',
  source: changes.source ?? 'hello',
  version: changes.version ?? '1.0-1~test12+1',
  architectures: changes.architectures ?? ['any', 'all'],
  files: [fileRef('hello_1.0.orig.tar.gz'), fileRef('hello_1.0-1~test12+1.debian.tar.xz'), ...(changes.extra ?? [])],
});
const review = (extra: Partial<UploadFacts> = {}) => ({ type: 'ReviewUpload' as const, data: facts(extra), metadata: commandMetadata });
const suiteChecks = { lintian: 'errfail', piuparts: 'disabled', autopkgtest: 'disabled' } as const;
const reasonsOf = (events: readonly { type: string; data: unknown }[]) => (events[0]?.data as { reasons?: string[] }).reasons;

describe('packager: accepting an upload', () => {
  it('accepts a signed source upload and requests one build per architecture, arch:all once on amd64', () => {
    const common = { uploadId: 'u1', source: 'hello', version: '1.0-1~test12+1', distribution: 'bookworm-test-unstable' };
    given([received()])
      .when(review())
      .then([
        UploadAccepted.create(
          { ...common, codename: 'bookworm', repository: 'test', suite: 'unstable', buildArchitectures: ['amd64', 'i386'], archAllOn: 'amd64', lintSource: true, signedBy: 'AAAABBBBCCCCDDDDEEEEFFFF0000111122223333', checks: { ...suiteChecks, architectures: { amd64: suiteChecks, i386: suiteChecks } } },
          metadata,
        ),
        BuildRequested.create({ ...common, buildId: 'u1-amd64-1', architecture: 'amd64', archAll: true, optional: false, attempt: 1 }, metadata),
        BuildRequested.create({ ...common, buildId: 'u1-i386-1', architecture: 'i386', archAll: false, optional: true, attempt: 1 }, metadata),
      ]);
  });

  it('builds an arch:all-only source once, and a source without arch:all nowhere as arch:all', () => {
    const onlyAll = given([received()]).when(review({ dsc: dscOf({ architectures: ['all'] }) })).events();
    expect(onlyAll.filter((event) => event.type === 'BuildRequested').map((event) => event.data)).toMatchObject([{ architecture: 'amd64', archAll: true }]);
    const noAll = given([received()]).when(review({ dsc: dscOf({ architectures: ['any'] }) })).events();
    expect(noAll[0]?.data).toMatchObject({ archAllOn: null });
    expect(noAll.filter((event) => event.type === 'BuildRequested').every((event) => event.data.archAll === false)).toBe(true);
  });

  it('accepts an upload signed with the archive key (ports), and an unsigned one where the repository allows it', () => {
    const archiveKey = stranger;
    expect(given([received()]).when(review({ signature: { status: 'valid', fingerprint: stranger }, archiveKey })).events()[0]?.type).toBe('UploadAccepted');
    const sandbox = { ...testRepository, allowUnsignedUploads: true };
    expect(given([received()]).when(review({ repositories: [sandbox], signature: { status: 'unsigned' } })).events()[0]?.type).toBe('UploadAccepted');
  });

  it('resolves a meta distribution', () => {
    const debdev = { ...testRepository, repository: 'debdev', layout: debianDeveloperLayout, codenames: [{ ...testRepository.codenames[1]!, codename: 'sid', codeversion: '~SID' }] };
    const events = given([received({ distribution: 'unstable', version: '1.0-1' })])
      .when(review({ repositories: [debdev], uploaders: [{ repository: 'debdev', fingerprint: uploader }] }))
      .events();
    expect(events[0]?.data).toMatchObject({ distribution: 'sid-debdev-unstable' });
  });

  it('records a repeated delivery of the same upload once', () => {
    given([received()]).when({ type: 'ReceiveUpload', data: receivedData(), metadata: commandMetadata }).thenNothing();
    given([]).when({ type: 'ReceiveUpload', data: receivedData(), metadata: commandMetadata }).then([received()]);
    given([received(), ...given([received()]).when(review()).events()]).when(review()).thenNothing();
  });
});

describe('packager: rejecting an upload with every reason', () => {
  it.each<[string, Partial<DataOf<typeof UploadReceived>>, Partial<UploadFacts>, string[]]>([
    ['malformed distribution', { distribution: 'unstable' }, {}, ["Malformed distribution 'unstable': Must be '<codename>-<repoid>-<suite>[-rollback<n>]'"]],
    ['unknown repository', { distribution: 'bookworm-prod-unstable' }, {}, ['No such repository: prod']],
    ['suite not uploadable', { distribution: 'bookworm-test-stable' }, {}, ["Distribution 'bookworm-test-stable' not uploadable"]],
    ['a rollback', { distribution: 'bookworm-test-unstable-rollback0' }, {}, ["Distribution 'bookworm-test-unstable-rollback0' not uploadable"]],
    ['unsigned', {}, { signature: { status: 'unsigned' } }, ['Upload is not signed, and repository test takes signed uploads only']],
    ['unknown key', {}, { signature: { status: 'valid', fingerprint: stranger } }, [`Key ${stranger} may not upload to repository test`]],
    ['uploader of another repository', {}, { uploaders: [{ repository: 'other', fingerprint: uploader }] }, [`Key ${uploader} may not upload to repository test`]],
    ['tampered', {}, { signature: { status: 'bad', reason: 'BAD signature from Jane' } }, ['Bad signature on hello_1.0-1~test12+1_source.changes: BAD signature from Jane']],
    ['binary-only', { architectures: ['amd64'], files: [fileRef('hello_1.0-1~test12+1_amd64.deb')] }, {}, [
      "Missing DSC file in upload (Maybe dpkg-buildpackage was called with '-b/-B'?)",
      'Binaries (amd64) in upload, but repository test takes source-only uploads (dpkg-buildpackage -S)',
    ]],
    ['version rules', { version: '1.0-1' }, {}, ["Version restrictions failed for suite 'unstable': '~test12\\+[1-9]' not in '1.0-1'"]],
    ['version exists', {}, { versionsInRepository: [{ distribution: 'bookworm-test-testing', version: '1.0-1~test12+1' }] }, [
      "Source already installed: Source 'hello_1.0-1~test12+1' found in bookworm-test-testing",
    ]],
    ['older version', {}, { versionsInRepository: [{ distribution: 'bookworm-test-unstable', version: '1.1-1~test12+1' }] }, [
      "Package 'hello' has greater version '1.1-1~test12+1' installed in 'bookworm-test-unstable'",
    ]],
    ['.dsc for another source', {}, { dsc: dscOf({ source: 'other' }) }, ["hello_1.0-1~test12+1.dsc is for source 'other', the .changes for 'hello'"]],
    ['.dsc for another version', {}, { dsc: dscOf({ version: '2.0-1~test12+1' }) }, ["hello_1.0-1~test12+1.dsc has version '2.0-1~test12+1', the .changes '1.0-1~test12+1'"]],
    ['malformed .dsc', {}, { dsc: { name: 'hello_1.0-1~test12+1.dsc', problem: 'line 3: missing field Format' } }, ['hello_1.0-1~test12+1.dsc: line 3: missing field Format']],
    ['a .dsc file in neither upload nor pool', {}, { dsc: dscOf({ extra: [fileRef('hello_1.0.orig-extra.tar.gz')] }) }, [
      'hello_1.0.orig-extra.tar.gz, named by hello_1.0-1~test12+1.dsc, is in neither the upload nor the pool of repository test',
    ]],
    ['an uploaded file clashing with the pool', {}, { pool: new Map([['hello_1.0.orig.tar.gz', { ...fileRef('hello_1.0.orig.tar.gz'), sha256: 'f'.repeat(64) }]]) }, [
      'hello_1.0.orig.tar.gz differs from the file of that name already in the pool of repository test (one pool name cannot hold two different files)',
    ]],
  ])('%s', (_case, changes, extra, reasons) => {
    given([received(changes)])
      .when(review(extra))
      .then([
        UploadRejected.create(
          { uploadId: 'u1', source: 'hello', version: changes.version ?? '1.0-1~test12+1', distribution: changes.distribution ?? 'bookworm-test-unstable', reasons },
          metadata,
        ),
      ]);
  });

  it('lists every broken rule at once', () => {
    const events = given([received({ version: '1.0-1', architectures: ['source', 'amd64'] })])
      .when(review({ signature: { status: 'unsigned' }, dsc: dscOf({ source: 'other' }) }))
      .events();
    expect(reasonsOf(events)).toHaveLength(5);
  });

  it('does not review an upload twice, nor one that never arrived', () => {
    const rejected = given([received({ version: '1' })]).when(review()).events();
    given([received({ version: '1' }), ...rejected]).when(review()).thenNothing();
    expect(() => given([]).when(review()).events()).toThrow(/no upload received/);
  });

  it('refuses another .changes under the same upload id', () => {
    expect(() =>
      given([received()]).when({ type: 'ReceiveUpload', data: receivedData({ changes: fileRef('other.changes') }), metadata: commandMetadata }).events(),
    ).toThrow(/already holds another .changes/);
  });
});

describe('packager: files the .dsc names that the upload left out', () => {
  const orig = fileRef('hello_1.0.orig.tar.gz');
  const withoutOrig = { files: [fileRef('hello_1.0-1~test12+1.dsc'), fileRef('hello_1.0-1~test12+1.debian.tar.xz')] };

  it('takes the orig tarball of a -sd upload from the pool when its checksum matches, and records it', () => {
    const events = given([received(withoutOrig)]).when(review({ dsc: dscOf(), pool: new Map([[orig.name, orig]]) })).events();
    expect(events[0]).toMatchObject({ type: 'UploadAccepted', data: { poolFiles: [orig], lintSource: true } });
  });

  it('rejects it when the pool holds another file under that name, or none', () => {
    const other = { ...orig, sha256: 'e'.repeat(64) };
    expect(reasonsOf(given([received(withoutOrig)]).when(review({ dsc: dscOf(), pool: new Map([[orig.name, other]]) })).events())).toEqual([
      'hello_1.0.orig.tar.gz, named by hello_1.0-1~test12+1.dsc and not uploaded, differs from the file of that name in the pool of repository test',
    ]);
    expect(reasonsOf(given([received(withoutOrig)]).when(review({ dsc: dscOf() })).events())).toEqual([
      'hello_1.0.orig.tar.gz, named by hello_1.0-1~test12+1.dsc, is in neither the upload nor the pool of repository test',
    ]);
  });
});

describe('packager: lintian on the source, beside the builds', () => {
  const accepted = () => [received(), ...given([received()]).when(review({ dsc: dscOf() })).events()];
  const lint = (lintian: { errors: number; warnings: number } | null, reason?: string) => ({
    type: 'RecordSourceLintian' as const,
    data: { lintian, ...(reason ? { reason } : {}) },
    metadata: commandMetadata,
  });

  it('records lintian\'s result once, only for an accepted upload of a suite that lints', () => {
    const events = given(accepted()).when(lint({ errors: 1, warnings: 0 })).events();
    expect(events).toMatchObject([{ type: 'SourceLinted', data: { uploadId: 'u1', lintian: { errors: 1, warnings: 0 } } }]);
    given([...accepted(), ...events]).when(lint({ errors: 0, warnings: 0 })).thenNothing();
    given([received()]).when(lint({ errors: 0, warnings: 0 })).thenNothing();
    const disabled = { ...testRepository, layout: { ...testRepository.layout, suites: testRepository.layout.suites.map((suite) => ({ ...suite, lintian: 'disabled' as const })) } };
    const acceptedDisabled = given([received()]).when(review({ repositories: [disabled] })).events();
    expect(acceptedDisabled[0]?.data).toMatchObject({ lintSource: false });
    given([received(), ...acceptedDisabled]).when(lint({ errors: 0, warnings: 0 })).thenNothing();
  });

  it('rejects an upload the daemon could not review, naming why, retriable, and only a received one', () => {
    const reject = { type: 'RejectUpload' as const, data: { reasons: ['mbd could not review this upload: disk full'] }, metadata: commandMetadata };
    const rejected = given([received()]).when(reject).events();
    expect(rejected).toMatchObject([{ type: 'UploadRejected', data: { reasons: ['mbd could not review this upload: disk full'], retriable: true } }]);
    given(accepted()).when(reject).thenNothing();
    given([received(), ...rejected]).when(reject).thenNothing();
    // retriable: reviewed again once the daemon can; an upload rejected for its own faults is not
    expect(given([received(), ...rejected]).when(review({ dsc: dscOf() })).events()[0]?.type).toBe('UploadAccepted');
    const refused = given([received()]).when(review({ signature: { status: 'unsigned' } })).events();
    given([received(), ...refused]).when(review({ dsc: dscOf() })).thenNothing();
  });
});

describe('packager: upload options (MINI_BUILDD_OPTION)', () => {
  const changesWith = (...items: string[]) =>
    ['', 'hello (1.0-1~test12+1) bookworm-test-unstable; urgency=medium', '.', '  * Fix it.', ...items.map((item) => `  * MINI_BUILDD_OPTION: ${item}`)].join('\n');
  const withOptions = (...items: string[]) => review({ dsc: dscOf(), changes: changesWith(...items) });

  it('records the options as written and the check modes they leave, per architecture where one is named', () => {
    const events = given([received()]).when(withOptions('lintian-mode=ignore', 'autopkgtest-mode[i386]=errfail', 'deb-build-options=nocheck')).events();
    expect(events[0]).toMatchObject({
      type: 'UploadAccepted',
      data: {
        options: [
          { key: 'lintian-mode', value: 'ignore' },
          { key: 'autopkgtest-mode', architecture: 'i386', value: 'errfail' },
          { key: 'deb-build-options', value: 'nocheck' },
        ],
        lintSource: true,
        checks: {
          lintian: 'ignore',
          piuparts: 'disabled',
          autopkgtest: 'disabled',
          architectures: {
            amd64: { lintian: 'ignore', piuparts: 'disabled', autopkgtest: 'disabled' },
            i386: { lintian: 'ignore', piuparts: 'disabled', autopkgtest: 'errfail' },
          },
        },
      },
    });
  });

  it('does not lint the source of an upload that disables lintian', () => {
    expect(given([received()]).when(withOptions('lintian-mode=disabled')).events()[0]?.data).toMatchObject({ lintSource: false, checks: { lintian: 'disabled' } });
  });

  it('rejects an upload with bad options, with every reason besides the others, and records nothing else', () => {
    const events = given([received()]).when(review({ dsc: dscOf(), signature: { status: 'unsigned' }, changes: changesWith('colour=blue', 'lintian-mode=ignore', 'lintian-mode=errfail', 'piuparts-mode=strict') })).events();
    expect(events).toHaveLength(1);
    expect(events[0]?.type).toBe('UploadRejected');
    expect(reasonsOf(events)).toEqual([
      'Upload is not signed, and repository test takes signed uploads only',
      expect.stringMatching(/^Unknown upload option 'colour'/),
      "Duplicate upload option 'lintian-mode'",
      "Invalid upload option value 'piuparts-mode=strict': must be one of disabled, ignore, errfail, warnfail",
    ]);
  });

  it('refuses auto-ports to a distribution that is missing, not uploadable, its own, or of a repository the key may not upload to', () => {
    const other = { ...testRepository, repository: 'other' };
    const events = given([received()])
      .when(
        review({
          dsc: dscOf(),
          repositories: [testRepository, other],
          changes: changesWith('auto-ports=trixie-test-unstable, bullseye-test-unstable, trixie-test-testing, bookworm-test-unstable, trixie-nowhere-unstable, trixie-other-unstable'),
        }),
      )
      .events();
    expect(reasonsOf(events)).toEqual([
      "Upload option auto-ports=bullseye-test-unstable: No distribution for codename 'bullseye' in repository test",
      "Upload option auto-ports=trixie-test-testing: Distribution 'trixie-test-testing' not uploadable",
      'Upload option auto-ports=bookworm-test-unstable: it is the distribution of this upload',
      'Upload option auto-ports=trixie-nowhere-unstable: No such repository: nowhere',
      `Upload option auto-ports=trixie-other-unstable: Key ${uploader} may not upload to repository other`,
    ]);
    const fine = given([received()]).when(review({ dsc: dscOf(), changes: changesWith('auto-ports=trixie-test-unstable') })).events();
    expect(fine[0]?.data).toMatchObject({ options: [{ key: 'auto-ports', value: 'trixie-test-unstable' }] });
  });
});
