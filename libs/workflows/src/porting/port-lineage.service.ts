import { Injectable } from '@nestjs/common';
import { PackagePorted } from '@mbd/events';
import { ProjectionsService } from '@mbd/projections';

export interface PortLineageFilter {
  readonly source?: string;
  /** The port's target distribution. */
  readonly distribution?: string;
}

/** One port and what became of it: the PackagePorted event and the upload it was fed as. */
export interface PortLineage {
  /** Global position of the PackagePorted event (its audit log entry: /audit/<position>). */
  readonly position: number;
  readonly occurredAt: string;
  readonly actor: string;
  readonly correlationId: string;
  readonly kind: 'internal' | 'external';
  readonly source: string;
  /** The origin: a distribution of ours, or the .dsc URL. */
  readonly from: string;
  readonly fromVersion: string;
  readonly to: string;
  readonly version: string;
  readonly signedBy?: string;
  readonly unauthenticated?: boolean;
  /** The upload the porter made of it (same source, version and distribution), once incoming received it. */
  readonly upload: { readonly uploadId: string; readonly state: string; readonly receivedPosition: number } | null;
}

/** The ports of a source (newest first): where each came from and the upload that carries it on. */
@Injectable()
export class PortLineageService {
  constructor(private readonly projections: ProjectionsService) {}

  async list(filter: PortLineageFilter): Promise<PortLineage[]> {
    const page = await this.projections.listAuditLog({ type: PackagePorted.type, ...filter, order: 'desc', limit: 100 });
    const lineages: PortLineage[] = [];
    for (const item of page.items) {
      const parsed = PackagePorted.schema.safeParse(item.data);
      if (!parsed.success) continue;
      const { kind, source, from, fromVersion, to, version, signedBy, unauthenticated } = parsed.data;
      const uploads = await this.projections.listUploads({ source, distribution: to, limit: 1000 });
      const upload = uploads.items.filter((entry) => entry.version === version && entry.receivedPosition > item.position).at(-1);
      lineages.push({
        position: item.position,
        occurredAt: item.occurredAt,
        actor: item.actor,
        correlationId: item.correlationId,
        kind,
        source,
        from,
        fromVersion,
        to,
        version,
        ...(signedBy ? { signedBy } : {}),
        ...(unauthenticated ? { unauthenticated } : {}),
        upload: upload ? { uploadId: upload.uploadId, state: upload.state, receivedPosition: upload.receivedPosition } : null,
      });
    }
    return lineages;
  }
}
