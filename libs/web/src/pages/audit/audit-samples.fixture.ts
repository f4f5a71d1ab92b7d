import type { AuditLogItem } from '@mbd/projections';

/** Hostile strings an upload may carry (changelog, maintainer, reasons). */
export const SCRIPT = '<script>alert(1)</script>';
export const IMG = '"><img src=x onerror=alert(1)>';

/** Asserts nothing hostile came out as markup. */
export const unescapedHostile = (html: string): string[] =>
  [SCRIPT, IMG, '<img src=x', '<script>alert'].filter((needle) => html.includes(needle));

let nextPosition = 1;

/** An audit-log row for markup specs. */
export const auditItem = (overrides: Partial<AuditLogItem> & Pick<AuditLogItem, 'type' | 'data'>): AuditLogItem => {
  const position = overrides.position ?? nextPosition++;
  return {
    position,
    id: `00000000-0000-4000-8000-${String(position).padStart(12, '0')}`,
    streamId: 'upload-u1',
    version: 1,
    actor: 'key:0123456789ABCDEF0123456789ABCDEF01234567',
    correlationId: 'corr-u1',
    occurredAt: '2026-11-30T19:37:11.000Z',
    ...overrides,
  };
};

export const acceptedHello = (position: number): AuditLogItem =>
  auditItem({
    position,
    type: 'UploadAccepted',
    data: {
      uploadId: 'u1',
      source: 'hello',
      version: '1.0-1',
      distribution: 'bookworm-test-unstable',
      codename: 'bookworm',
      repository: 'test',
      suite: 'unstable',
      buildArchitectures: ['amd64'],
      archAllOn: 'amd64',
    },
    source: 'hello',
    distribution: 'bookworm-test-unstable',
    repository: 'test',
  });

export const rejectedHostile = (position: number): AuditLogItem =>
  auditItem({
    position,
    type: 'UploadRejected',
    data: { uploadId: 'u2', source: 'hello', version: '1.0-2', distribution: 'unstable', reasons: [`changelog says ${SCRIPT}`, `maintainer ${IMG}`] },
    streamId: 'upload-u2',
    correlationId: `corr-${IMG}`,
    source: 'hello',
  });
