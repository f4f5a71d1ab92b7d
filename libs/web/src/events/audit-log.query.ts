import { z } from 'zod';

/** Filters of GET /api/events and /api/events/stream, parsed at the edge. */
export const auditLogQuerySchema = z.object({
  stream: z.string().min(1).max(200).optional(),
  type: z.string().min(1).max(100).optional(),
  actor: z.string().min(1).max(200).optional(),
  correlationId: z.string().min(1).max(200).optional(),
  since: z.iso.datetime({ offset: true }).optional(),
  until: z.iso.datetime({ offset: true }).optional(),
  after: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

export type AuditLogQuery = z.infer<typeof auditLogQuerySchema>;
