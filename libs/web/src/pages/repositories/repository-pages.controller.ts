import { Controller, Get, Header, NotFoundException, Param, Query, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { InjectConfig, type MbdConfig } from '@mbd/config';
import { EventStore } from '@mbd/events';
import { ArchiveKey } from '@mbd/gpg';
import { ProjectionsService } from '@mbd/projections';
import { ConfigurationService, SnapshotsService, UploaderCommandsService } from '@mbd/workflows';
import type { Request } from 'express';
import { z } from 'zod';
import { ZodValidationPipe } from '../../zod-validation.pipe.js';
import { PageSessionsService } from '../session/page-sessions.service.js';
import { renderRepositoriesPage } from './repositories.page.js';
import { byDistribution, distributionViews, summarizeRepository } from './repository-contents.js';
import { renderRepositoryPage } from './repository.page.js';
import { repositorySnippets } from '../../repositories/repository-snippets.js';
import { toUploadSummary } from '../uploads/upload-summary.js';
import type { RepositoryOutcome } from './repository-actions.js';
import { bootstrapCommand, repositoryChoices, snapshotViews } from './repository-choices.js';

const pagingSchema = z.object({
  distribution: z.string().max(200).optional(),
  after: z.string().max(200).optional(),
  /** The events an action of the page caused. */
  done: z.string().regex(/^\d{1,15}(?:,\d{1,15}){0,49}$/, 'a comma-separated list of event positions').optional(),
  /** The uploads an action of the page started. */
  started: z.string().regex(/^[0-9a-f]{32}(?:,[0-9a-f]{32}){0,99}$/, 'a comma-separated list of upload ids').optional(),
});

/**
 * `GET /repositories` and `GET /repositories/<id>` (the delivery middleware hands these two on): the
 * repositories with their layout, distributions, contents, uploaders and the apt and dput snippets.
 */
@ApiExcludeController()
@Controller('repositories')
export class RepositoryPagesController {
  constructor(
    @InjectConfig() private readonly config: MbdConfig,
    private readonly pages: PageSessionsService,
    private readonly configuration: ConfigurationService,
    private readonly projections: ProjectionsService,
    private readonly uploaders: UploaderCommandsService,
    private readonly key: ArchiveKey,
    private readonly store: EventStore,
    private readonly snapshots: SnapshotsService,
  ) {}

  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  async list(@Req() request: Request): Promise<string> {
    const [state, head] = await Promise.all([this.projections.listRepositoryState(), this.store.headPosition()]);
    const contents = byDistribution(state);
    const repositories = [...this.configuration.current().repositories.values()].map((config) => summarizeRepository(config, contents));
    return renderRepositoriesPage(this.pages.context(request), { repositories, head });
  }

  @Get(':id')
  @Header('content-type', 'text/html; charset=utf-8')
  async one(@Req() request: Request, @Param('id') id: string, @Query(new ZodValidationPipe(pagingSchema)) paging: z.infer<typeof pagingSchema>): Promise<string> {
    const repository = this.configuration.current().repositories.get(id);
    if (!repository) throw new NotFoundException(`no repository ${id}`);
    const [state, head, snapshots, outcome] = await Promise.all([
      this.projections.listRepositoryState(),
      this.store.headPosition(),
      this.snapshots.ofRepository(id),
      this.outcome(paging.done, paging.started),
    ]);
    return renderRepositoryPage(this.pages.context(request), {
      repository,
      distributions: distributionViews(repository, byDistribution(state), paging),
      uploaders: this.uploaders.list(id).map(({ fingerprint, name }) => ({ fingerprint, name })),
      archiveKeyFingerprint: this.key.fingerprint,
      snippets: repositorySnippets(this.config, repository, this.key.publicArmored),
      head,
      snapshots: snapshotViews(this.config, repository, snapshots),
      choices: repositoryChoices(repository),
      bootstrap: bootstrapCommand(this.config, id),
      ...(outcome ? { outcome } : {}),
    });
  }

  /** What an action just caused: its events from the audit log, its uploads from the uploads read model. */
  private async outcome(done: string | undefined, started: string | undefined): Promise<RepositoryOutcome | undefined> {
    if (done === undefined && started === undefined) return undefined;
    const positions = done === undefined ? [] : [...new Set(done.split(',').map(Number))];
    const uploadIds = started === undefined ? [] : [...new Set(started.split(','))];
    const [events, uploads] = await Promise.all([
      Promise.all(positions.map(async (position) => ({ position, item: await this.projections.getAuditLogEntry(position) }))),
      Promise.all(uploadIds.map(async (uploadId) => ({ uploadId, item: await this.projections.getUpload(uploadId) }))),
    ]);
    return {
      done: events.map(({ position, item }) => (item ? { position, item } : { position })),
      started: uploads.map(({ uploadId, item }) => (item ? { uploadId, upload: toUploadSummary(item) } : { uploadId })),
    };
  }
}
