import { type DataOf, UploadAccepted, UploadFailed, UploadReceived, UploadRejected, UploadRetried, UploadRetryRefused } from '@mbd/events';
import { describe, expect, it } from 'vitest';
import { deciderSpecification } from '../testing/decider-specification.js';
import { commandMetadata, fileRef, metadata } from '../testing/fixtures.js';
import type { PreviousRetry, RetryUpload } from './upload.commands.js';
import { uploadDecider } from './upload.decider.js';

const given = deciderSpecification(uploadDecider);
const about = { uploadId: 'u1', source: 'hello', version: '1.0-1~test12+1', distribution: 'bookworm-test-unstable' };
const received = UploadReceived.create(
  {
    ...about,
    changes: fileRef('hello_1.0-1~test12+1_source.changes'),
    files: [fileRef('hello_1.0-1~test12+1.dsc'), fileRef('hello_1.0-1~test12+1.tar.xz')],
    architectures: ['source'],
    changedBy: 'Jane Doe <jane@example.org>',
    signedBy: null,
    via: 'ftp',
  },
  metadata,
);
const rejected = UploadRejected.create({ ...about, reasons: ['the key 9999 may not upload to test'] }, metadata);
const accepted = UploadAccepted.create(
  { ...about, codename: 'bookworm', repository: 'test', suite: 'unstable', buildArchitectures: ['amd64'], archAllOn: 'amd64', lintSource: false, signedBy: null } as DataOf<typeof UploadAccepted>,
  metadata,
);
const failed = UploadFailed.create({ ...about, reasons: ['the amd64 build failed'] }, metadata);
const retried = (retryUploadId: string) => UploadRetried.create({ uploadId: 'u1', retryUploadId, source: 'hello', version: '1.0-1~test12+1', reason: 'key added' }, metadata);
const retry = (data: { previousRetry?: PreviousRetry; missingFiles?: string[]; retryUploadId?: string; reason?: string } = {}): RetryUpload => ({
  type: 'RetryUpload',
  data: { uploadId: 'u1', retryUploadId: data.retryUploadId ?? 'u1.retry1', missingFiles: data.missingFiles ?? [], reason: 'key added', ...data },
  metadata: commandMetadata,
});
const refused = (...reasons: string[]) => [UploadRetryRefused.create({ uploadId: 'u1', reasons }, metadata)];

describe('packager: retrying a whole upload (mini-buildd retry)', () => {
  it('retries a rejected upload as a new upload, naming it and why', () => {
    given([received, rejected]).when(retry()).then([retried('u1.retry1')]);
  });

  it('retries a failed upload', () => {
    given([received, accepted, failed]).when(retry()).then([retried('u1.retry1')]);
  });

  it('refuses an upload that is neither rejected nor failed, saying what it is', () => {
    given([received]).when(retry()).then(refused('upload u1 is received: only a rejected or failed upload can be retried'));
    given([received, accepted]).when(retry()).then(refused('upload u1 is accepted (building or installed): only a rejected or failed upload can be retried'));
  });

  it('refuses an upload incoming rejected before taking it in: nothing of it was stored', () => {
    given([UploadRejected.create({ uploadId: 'u1', reasons: ['incomplete upload: hello.dsc did not arrive'] }, metadata)])
      .when(retry())
      .then(refused('upload u1 was rejected before incoming took it in (incomplete upload: hello.dsc did not arrive): none of its files were stored; upload it again'));
  });

  it('refuses while its latest retry is alive, and retries again once that one is rejected or failed too', () => {
    given([received, rejected, retried('u1.retry1')])
      .when(retry({ retryUploadId: 'u1.retry2', previousRetry: { uploadId: 'u1.retry1', status: 'accepted' } }))
      .then(refused('upload u1 was already retried as upload u1.retry1, which is accepted'));
    given([received, rejected, retried('u1.retry1')])
      .when(retry({ retryUploadId: 'u1.retry2', previousRetry: { uploadId: 'u1.retry1', status: 'rejected' } }))
      .then([retried('u1.retry2')]);
  });

  it('refuses a retry decided on stale facts (another retry got in first), so no upload is retried twice under one id', () => {
    given([received, rejected, retried('u1.retry1')]).when(retry()).then(refused('upload u1 was retried meanwhile (as upload u1.retry1); look at it and try again'));
  });

  it('refuses when the blob store no longer has its files, with every reason at once', () => {
    given([received, rejected, retried('u1.retry1')])
      .when(retry({ previousRetry: { uploadId: 'u1.retry1', status: 'received' }, missingFiles: ['hello_1.0-1~test12+1.tar.xz'] }))
      .then(
        refused(
          'upload u1 was already retried as upload u1.retry1, which is received',
          "the blob store no longer has hello_1.0-1~test12+1.tar.xz of upload u1 (a rejected upload's files are removed after the retention); upload it again",
        ),
      );
  });

  it('keeps the retries in the state, and a retried upload the daemon could not review is not reviewed again itself', () => {
    const retriable = UploadRejected.create({ ...about, reasons: ['the packager gave up'], retriable: true }, metadata);
    const state = given([received, retriable]).when(retry()).state();
    expect(state).toMatchObject({ status: 'rejected', retries: ['u1.retry1'] });
    given([received, retriable, retried('u1.retry1')]).when({ type: 'RejectUpload', data: { reasons: ['again'] }, metadata: commandMetadata }).thenNothing();
  });

  it('throws for a stream with no upload (a programming error: the caller answers 404 first)', () => {
    expect(() => given([]).when(retry()).events()).toThrow('no upload u1 was received');
  });
});
