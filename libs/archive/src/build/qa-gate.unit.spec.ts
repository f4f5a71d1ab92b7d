import { BuildSucceeded, type QaCheckResult, SourceLinted, type UploadEvent, UploadReceived } from '@mbd/events';
import { describe, expect, it } from 'vitest';
import { foldEvents } from '../decider.js';
import { deciderSpecification } from '../testing/decider-specification.js';
import { commandMetadata, fileRef, metadata, settings, testRepository } from '../testing/fixtures.js';
import { uploadDecider } from '../upload/upload.decider.js';
import { afterBuild } from './build-orchestration.process-manager.js';
import { qaCheckCounts, qaVerdict } from './qa-verdict.js';

const fail: QaCheckResult = { status: 'fail', summary: 'command1 FAIL non-zero exit status 1' };
const pass: QaCheckResult = { status: 'pass', summary: 'command1 PASS' };
const warn: QaCheckResult = { status: 'warn', summary: 'no tests' };
const error: QaCheckResult = { status: 'error', summary: 'autopkgtest did not finish within 1800 s and was stopped' };

describe('qaVerdict: piuparts and autopkgtest under mini-buildd\'s check rule', () => {
  it('counts sbuild\'s statuses: fail and error are errors, warn a warning, pass nothing', () => {
    expect([fail, error, warn, pass].map((result) => qaCheckCounts(result))).toEqual([
      { errors: 1, warnings: 0, tags: ['fail: command1 FAIL non-zero exit status 1'] },
      { errors: 1, warnings: 0, tags: ['error: autopkgtest did not finish within 1800 s and was stopped'] },
      { errors: 0, warnings: 1, tags: ['warn: no tests'] },
      { errors: 0, warnings: 0, tags: ['pass: command1 PASS'] },
    ]);
  });

  it('errfail fails on fail and error, naming the tool, the architecture and the status', () => {
    expect(qaVerdict('autopkgtest', 'errfail', false, fail, 'amd64')).toBe(
      'autopkgtest found 1 error(s) and 0 warning(s) in the amd64 build (autopkgtest mode errfail): fail: command1 FAIL non-zero exit status 1',
    );
    expect(qaVerdict('piuparts', 'errfail', false, error, 'i386')).toContain('piuparts found 1 error(s) and 0 warning(s) in the i386 build (piuparts mode errfail): error: ');
    expect(qaVerdict('autopkgtest', 'errfail', false, warn, 'amd64')).toBeUndefined();
    expect(qaVerdict('autopkgtest', 'errfail', false, pass, 'amd64')).toBeUndefined();
  });

  it('warnfail fails on warnings too ("no tests" included, as in mini-buildd)', () => {
    expect(qaVerdict('autopkgtest', 'warnfail', false, warn, 'amd64')).toContain('(autopkgtest mode warnfail): warn: no tests');
  });

  it('ignore, disabled and experimental suites never fail', () => {
    expect(qaVerdict('autopkgtest', 'ignore', false, fail, 'amd64')).toBeUndefined();
    expect(qaVerdict('piuparts', 'disabled', false, undefined, 'amd64')).toBeUndefined();
    expect(qaVerdict('piuparts', 'errfail', true, fail, 'amd64')).toBeUndefined();
  });

  it('a mode that wanted a result and got none fails', () => {
    expect(qaVerdict('piuparts', 'errfail', false, undefined, 'amd64')).toBe('piuparts did not run on the amd64 build, but the suite fails on piuparts errors');
  });
});

/** The install gate after an arch:all upload to bookworm-test-unstable whose changelog sets the autopkgtest and piuparts modes. */
describe('the install gate with piuparts and autopkgtest results', () => {
  const unstable = settings('unstable');
  const version = '1.0~test12+1';
  const common = { uploadId: 'u1', source: 'hello', version, distribution: unstable.name };
  const received = UploadReceived.create(
    { ...common, changes: fileRef('hello.changes'), files: [fileRef(`hello_${version}.dsc`), fileRef(`hello_${version}.tar.xz`)], architectures: ['source'], changedBy: 'J <j@x>', signedBy: null, via: 'ftp' },
    metadata,
  );
  const acceptedWith = (...options: string[]): UploadEvent[] => {
    const changes = ['', `hello (${version}) ${unstable.name}; urgency=medium`, '.', ...options.map((option) => `  * MINI_BUILDD_OPTION: ${option}`)].join('\n');
    const review = {
      type: 'ReviewUpload' as const,
      data: {
        repositories: [{ ...testRepository, allowUnsignedUploads: true }],
        signature: { status: 'unsigned' as const },
        uploaders: [],
        versionsInRepository: [],
        dsc: { name: `hello_${version}.dsc`, source: 'hello', version, architectures: ['all'], files: [fileRef(`hello_${version}.tar.xz`)] },
        changes,
      },
      metadata: commandMetadata,
    };
    return [received, ...deciderSpecification(uploadDecider)([received]).when(review).events()];
  };
  const built = (qa: { piuparts?: QaCheckResult; autopkgtest?: QaCheckResult }) =>
    BuildSucceeded.create(
      { buildId: 'u1-amd64-1', architecture: 'amd64', files: [fileRef(`hello_${version}_all.deb`)], log: fileRef(`hello_${version}_amd64.build`), seconds: 3, lintian: { errors: 0, warnings: 0 }, ...qa },
      metadata,
    );
  /** lintian on the source found nothing: only the builds' results decide. */
  const linted = SourceLinted.create({ ...common, lintian: { errors: 0, warnings: 0 } }, metadata);
  const next = (events: UploadEvent[]) => {
    const history = [...events, linted];
    return afterBuild(foldEvents(uploadDecider, history), linted, unstable, commandMetadata);
  };

  it('a failing autopkgtest in errfail fails the upload with the tool, the architecture and the status', () => {
    const accepted = acceptedWith('autopkgtest-mode=errfail');
    expect(next([...accepted, built({ autopkgtest: fail })])).toEqual({
      type: 'FailUpload',
      data: {
        reasons: [
          '1 mandatory architecture(s) missing: amd64 (autopkgtest found 1 error(s) and 0 warning(s) in the amd64 build (autopkgtest mode errfail): fail: command1 FAIL non-zero exit status 1)',
        ],
      },
      metadata: commandMetadata,
    });
  });

  it('a failing autopkgtest in ignore installs', () => {
    expect(next([...acceptedWith('autopkgtest-mode=ignore'), built({ autopkgtest: fail })])).toMatchObject({ type: 'InstallPackage' });
  });

  it('a failing piuparts in errfail fails the upload; passing results install', () => {
    const accepted = acceptedWith('piuparts-mode=errfail', 'autopkgtest-mode=errfail');
    expect(next([...accepted, built({ piuparts: { status: 'fail', summary: 'command failed (status 1): dpkg --purge hello' }, autopkgtest: pass })])?.data).toEqual({
      reasons: ['1 mandatory architecture(s) missing: amd64 (piuparts found 1 error(s) and 0 warning(s) in the amd64 build (piuparts mode errfail): fail: command failed (status 1): dpkg --purge hello)'],
    });
    expect(next([...accepted, built({ piuparts: pass, autopkgtest: warn })])).toMatchObject({ type: 'InstallPackage' });
  });

  it('the suite\'s disabled modes (the default) ignore missing QA results', () => {
    expect(next([...acceptedWith(), built({})])).toMatchObject({ type: 'InstallPackage' });
  });
});
