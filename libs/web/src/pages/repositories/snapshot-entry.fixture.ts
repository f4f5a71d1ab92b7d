import type { AuditLogItem } from '@mbd/projections';

/** An audit-log entry of the snapshots stream of bookworm-test-stable, by the admin. */
export const snapshotEntry = (position: number, type: string, data: unknown): AuditLogItem => ({
  position,
  id: `e${position}`,
  streamId: 'snapshots-bookworm-test-stable',
  type,
  version: 1,
  actor: 'user:admin',
  correlationId: 'c',
  occurredAt: '2026-11-30T12:00:00.000Z',
  data,
});
