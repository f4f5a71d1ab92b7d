import type { RecordedEvent } from '@mbd/events';
import { describe, expect, it } from 'vitest';
import { blobsReferencedBy, planRejectedBlobSweep } from './rejected-blobs.js';

const sha = (digit: string): string => digit.repeat(64);
let position = 0;
const event = (streamId: string, type: string, data: unknown, occurredAt = '2026-01-01T00:00:00.000Z'): RecordedEvent => ({
  type,
  version: 1,
  data,
  metadata: { actor: { kind: 'daemon' }, correlationId: streamId, occurredAt },
  id: `event-${++position}`,
  streamId,
  streamVersion: 0,
  position,
  prevHash: '',
  hash: '',
});
const ref = (digit: string) => ({ name: `${digit}.deb`, sha256: sha(digit), size: 1 });
const before = new Date('2026-02-01T00:00:00.000Z');

describe('planning a sweep of rejected uploads’ blobs', () => {
  it('finds file refs at any depth, and bare SHA-256 strings', () => {
    const found = blobsReferencedBy({ changes: ref('a'), files: [ref('b')], build: { log: ref('c') }, tarball: { path: '/x', sha256: sha('d'), size: 1 }, other: sha('e'), fingerprint: 'F'.repeat(40), short: 'abc' });
    expect([...found].sort()).toEqual(['a', 'b', 'c', 'd', 'e'].map(sha));
  });

  it('removes what only expired rejected uploads refer to', async () => {
    const plan = await planRejectedBlobSweep(
      [
        event('upload-x', 'UploadReceived', { uploadId: 'x', changes: ref('1'), files: [ref('2'), ref('3')] }),
        event('upload-x', 'UploadRejected', { uploadId: 'x', reasons: ['bad'] }),
        event('dist-bookworm-test-unstable', 'PackageInstalled', { files: [ref('3')] }),
      ],
      before,
    );
    expect(plan).toEqual({ expiredUploads: ['x'], removable: [sha('1'), sha('2')], shared: 1 });
  });

  it('keeps the blobs of a rejection newer than the retention, also when an expired upload shares them', async () => {
    const plan = await planRejectedBlobSweep(
      [
        event('upload-old', 'UploadReceived', { changes: ref('1'), files: [ref('2')] }),
        event('upload-old', 'UploadRejected', { uploadId: 'old', reasons: ['bad'] }),
        event('upload-new', 'UploadReceived', { changes: ref('3'), files: [ref('2')] }),
        event('upload-new', 'UploadRejected', { uploadId: 'new', reasons: ['bad'] }, '2026-03-01T00:00:00.000Z'),
      ],
      before,
    );
    expect(plan).toEqual({ expiredUploads: ['old'], removable: [sha('1')], shared: 1 });
  });

  it('keeps the blobs of an upload with anything after its rejection (a retry), and of uploads not rejected', async () => {
    const plan = await planRejectedBlobSweep(
      [
        event('upload-retried', 'UploadReceived', { changes: ref('1'), files: [] }),
        event('upload-retried', 'UploadRejected', { uploadId: 'retried', reasons: ['bad'] }),
        event('upload-retried', 'UploadAccepted', { uploadId: 'retried' }),
        event('upload-good', 'UploadReceived', { changes: ref('2'), files: [] }),
        event('upload-failed', 'UploadReceived', { changes: ref('3'), files: [] }),
        event('upload-failed', 'UploadFailed', { uploadId: 'failed' }),
      ],
      before,
    );
    expect(plan).toEqual({ expiredUploads: [], removable: [], shared: 0 });
  });
});
