import { BadRequestException, Body, Controller, Delete, Get, Header, NotFoundException, Param, Post, Put, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectConfig, type MbdConfig } from '@mbd/config';
import { ArchiveKey } from '@mbd/gpg';
import { repositoryConfigSchema, type RepositoryConfig } from '@mbd/events';
import { ConfigurationService, RepositoryCommandsService, UploaderCommandsService } from '@mbd/workflows';
import { z } from 'zod';
import { Authenticated } from '../auth/authenticated.decorator.js';
import { repositorySnippets, type RepositorySnippets } from './repository-snippets.js';
import { ZodValidationPipe } from '../zod-validation.pipe.js';
import type { Response } from 'express';

const uploaderSchema = z.object({ key: z.string().min(100).max(100_000) });

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
  ) {}

  @Post('api/repositories')
  @Authenticated()
  @ApiOperation({ summary: 'Create a repository (id, layout, codenames with architectures, upload policy)' })
  create(@Body(new ZodValidationPipe(repositoryConfigSchema)) body: RepositoryConfig) {
    return this.repositories.create(body, { kind: 'user', name: 'admin' });
  }

  @Put('api/repositories/:id')
  @Authenticated()
  @ApiOperation({ summary: 'Change a repository: the body is its whole new configuration' })
  change(@Param('id') id: string, @Body(new ZodValidationPipe(repositoryConfigSchema)) body: RepositoryConfig) {
    if (body.repository !== id) throw new BadRequestException(`the body configures repository ${body.repository}, not ${id}`);
    return this.repositories.change(body, { kind: 'user', name: 'admin' });
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
  addUploader(@Param('id') id: string, @Body(new ZodValidationPipe(uploaderSchema)) body: z.infer<typeof uploaderSchema>) {
    return this.uploaders.add(id, body.key, { kind: 'user', name: 'admin' });
  }

  @Delete('api/repositories/:id/uploaders/:fingerprint')
  @Authenticated()
  @ApiOperation({ summary: 'Withdraw the upload right of a key' })
  removeUploader(@Param('id') id: string, @Param('fingerprint') fingerprint: string) {
    return this.uploaders.remove(id, fingerprint.toUpperCase(), { kind: 'user', name: 'admin' });
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
  @ApiOperation({ summary: 'One-line sources.list entries for every codename and suite' })
  sourcesList(@Param('id') id: string) {
    return this.snippets(id).sourcesList;
  }

  @Get('repositories/:id/:codename.sources')
  @Header('content-type', 'text/plain; charset=utf-8')
  @ApiOperation({ summary: 'A deb822 .sources file for one codename, Signed-By the embedded archive key' })
  debSources(@Param('id') id: string, @Param('codename') codename: string) {
    const sources = this.snippets(id).sources.find((entry) => entry.codename === codename);
    if (!sources) throw new NotFoundException(`repository ${id} has no codename ${codename}`);
    return sources.text;
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

  /** The repository's snippets, made as its web page shows them (repository-snippets.ts). */
  private snippets(id: string): RepositorySnippets {
    return repositorySnippets(this.config, this.repository(id), this.key.publicArmored);
  }
}
