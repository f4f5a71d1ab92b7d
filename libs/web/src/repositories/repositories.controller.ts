import { BadRequestException, Body, Controller, Delete, Get, Header, NotFoundException, Param, Post, Put, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectConfig, type MbdConfig } from '@mbd/config';
import { ArchiveKey } from '@mbd/gpg';
import { repositoryConfigSchema, type RepositoryConfig } from '@mbd/events';
import { ConfigurationService, RepositoryCommandsService, SnapshotsService, UploaderCommandsService } from '@mbd/workflows';
import { z } from 'zod';
import { Authenticated } from '../auth/authenticated.decorator.js';
import { requestActor } from '../auth/request-command.js';
import {
  debSourcesOf,
  dputNgProfileOf,
  repositorySnippets,
  sourcesListOf,
  SnippetSelectionError,
  type RepositorySnippets,
  type SourcesListOptions,
} from './repository-snippets.js';
import { ZodValidationPipe } from '../zod-validation.pipe.js';
import type { Request, Response } from 'express';

const uploaderSchema = z.object({ key: z.string().min(100).max(100_000) });

/** A comma- (or space-) separated list, as mini-buildd's HTTP API takes list arguments. */
const list = z
  .string()
  .max(1000)
  .transform((value) => value.split(/[,\s]+/).filter((item) => item !== ''));
/** mini-buildd's sources_list arguments (`?codenames=bookworm&suites=stable&types=deb&rollbacks=2&snapshot=…&mirror=…&options=…`). */
const sourcesListSchema = z.strictObject({
  codenames: list.optional(),
  suites: list.optional(),
  types: list.pipe(z.array(z.enum(['deb', 'deb-src'])).min(1)).optional(),
  rollbacks: z.coerce.number().int().min(-1).max(100).optional(),
  snapshot: z.string().min(1).max(64).optional(),
  mirror: z.string().min(1).max(500).optional(),
  options: list.optional(),
});
type SourcesListQuery = z.infer<typeof sourcesListSchema>;
const dputNgSchema = z.strictObject({ method: z.enum(['ftp', 'http']).default('ftp') });

/**
 * What a user needs to use a repository: the archive key (armored and as a binary keyring for
 * Signed-By), sources.list lines, a deb822 .sources file and a dput.cf section.
 */
@ApiTags('repositories')
@Controller()
export class RepositoriesController {
  constructor(
    @InjectConfig() private readonly config: MbdConfig,
    private readonly configuration: ConfigurationService,
    private readonly key: ArchiveKey,
    private readonly uploaders: UploaderCommandsService,
    private readonly repositories: RepositoryCommandsService,
    private readonly snapshots: SnapshotsService,
  ) {}

  @Post('api/repositories')
  @Authenticated()
  @ApiOperation({ summary: 'Create a repository (id, layout, codenames with architectures, upload policy)' })
  create(@Req() request: Request, @Body(new ZodValidationPipe(repositoryConfigSchema)) body: RepositoryConfig) {
    return this.repositories.create(body, requestActor(request));
  }

  @Put('api/repositories/:id')
  @Authenticated()
  @ApiOperation({ summary: 'Change a repository: the body is its whole new configuration' })
  change(@Req() request: Request, @Param('id') id: string, @Body(new ZodValidationPipe(repositoryConfigSchema)) body: RepositoryConfig) {
    if (body.repository !== id) throw new BadRequestException(`the body configures repository ${body.repository}, not ${id}`);
    return this.repositories.change(body, requestActor(request));
  }

  @Get('api/repositories/:id/uploaders')
  @ApiOperation({ summary: 'Keys that may upload to a repository' })
  listUploaders(@Param('id') id: string) {
    this.repository(id);
    return this.uploaders.list(id);
  }

  @Post('api/repositories/:id/uploaders')
  @Authenticated()
  @ApiOperation({ summary: 'Allow an OpenPGP key (ASCII-armored) to upload to a repository' })
  addUploader(@Req() request: Request, @Param('id') id: string, @Body(new ZodValidationPipe(uploaderSchema)) body: z.infer<typeof uploaderSchema>) {
    return this.uploaders.add(id, body.key, requestActor(request));
  }

  @Delete('api/repositories/:id/uploaders/:fingerprint')
  @Authenticated()
  @ApiOperation({ summary: 'Withdraw the upload right of a key' })
  removeUploader(@Req() request: Request, @Param('id') id: string, @Param('fingerprint') fingerprint: string) {
    return this.uploaders.remove(id, fingerprint.toUpperCase(), requestActor(request));
  }

  @Get('api/repositories')
  @ApiOperation({ summary: 'Repositories and their configuration (layout, codenames, architectures)' })
  list() {
    return [...this.configuration.current().repositories.values()];
  }

  @Get('repositories/:id/archive-key.asc')
  @Header('content-type', 'application/pgp-keys')
  @ApiOperation({ summary: 'The archive key, ASCII-armored' })
  armoredKey(@Param('id') id: string) {
    this.repository(id);
    return this.key.publicArmored;
  }

  @Get('repositories/:id/archive-keyring.gpg')
  @ApiOperation({ summary: 'The archive key as a binary keyring (for apt Signed-By)' })
  binaryKey(@Param('id') id: string, @Res() response: Response) {
    this.repository(id);
    response.type('application/octet-stream').send(Buffer.from(this.key.publicBinary));
  }

  @Get('repositories/:id/sources.list')
  @Header('content-type', 'text/plain; charset=utf-8')
  @ApiOperation({
    summary:
      "mini-buildd's sources_list: one-line entries, every codename and suite by default; ?codenames=, suites=, types=deb,deb-src, rollbacks=N (-1: all), snapshot=<name> (its distributions only), mirror=<url>, options=<key=value,…>",
  })
  async sourcesList(@Param('id') id: string, @Query(new ZodValidationPipe(sourcesListSchema)) query: SourcesListQuery) {
    const repository = this.repository(id);
    return selection(async () => sourcesListOf(this.config, repository, await this.sourcesListOptions(id, query)));
  }

  @Get('repositories/:id/:codename.sources')
  @Header('content-type', 'text/plain; charset=utf-8')
  @ApiOperation({ summary: 'A deb822 .sources file for one codename, Signed-By the embedded archive key; the options of sources.list but codenames' })
  async debSources(@Param('id') id: string, @Param('codename') codename: string, @Query(new ZodValidationPipe(sourcesListSchema.omit({ codenames: true }))) query: SourcesListQuery) {
    const repository = this.repository(id);
    if (!repository.codenames.some((entry) => entry.codename === codename)) throw new NotFoundException(`repository ${id} has no codename ${codename}`);
    return selection(async () => debSourcesOf(this.config, repository, codename, this.key.publicArmored, await this.sourcesListOptions(id, query)));
  }

  @Get('repositories/:id/dput-ng.json')
  @Header('content-type', 'application/json')
  @ApiOperation({ summary: "mini-buildd's dput_conf --dput-ng-profile: a dput-ng profile, by FTP (default) or ?method=http (PUT /upload/<name>)" })
  dputNgProfile(@Param('id') id: string, @Query(new ZodValidationPipe(dputNgSchema)) query: z.infer<typeof dputNgSchema>) {
    const profile = dputNgProfileOf(this.config, this.repository(id), query.method);
    if (profile === undefined) throw new NotFoundException(`no distribution of repository ${id} takes uploads`);
    return profile;
  }

  @Get('repositories/:id/dput.cf')
  @Header('content-type', 'text/plain; charset=utf-8')
  @ApiOperation({ summary: 'A dput.cf section for uploads to this instance' })
  dputCf(@Param('id') id: string) {
    const dputCf = this.snippets(id).dputCf;
    if (dputCf === undefined) throw new NotFoundException(`no distribution of repository ${id} takes uploads`);
    return dputCf;
  }

  private repository(id: string) {
    const config = this.configuration.current().repositories.get(id);
    if (!config) throw new NotFoundException(`no repository ${id}`);
    return config;
  }

  /** The query as snippet options; a snapshot's distributions are those that have it now. */
  private async sourcesListOptions(id: string, query: SourcesListQuery): Promise<SourcesListOptions> {
    const holders =
      query.snapshot === undefined
        ? undefined
        : new Set((await this.snapshots.ofRepository(id)).filter((snapshot) => snapshot.name === query.snapshot).map((snapshot) => snapshot.distribution));
    return { ...query, ...(holders ? { snapshotHolders: holders } : {}) };
  }

  /** The repository's snippets, made as its web page shows them (repository-snippets.ts). */
  private snippets(id: string): RepositorySnippets {
    return repositorySnippets(this.config, this.repository(id), this.key.publicArmored);
  }
}

/** A selection the repository cannot answer (an unknown codename or suite, a snapshot nobody has) is a 400. */
async function selection(make: () => Promise<string>): Promise<string> {
  try {
    return await make();
  } catch (error) {
    if (error instanceof SnippetSelectionError) throw new BadRequestException(error.message);
    throw error;
  }
}
