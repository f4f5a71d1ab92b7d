import { BadRequestException, Controller, NotFoundException, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { parseDistributionName } from '@mbd/archive';
import { ProjectionsService } from '@mbd/projections';
import {
  ConfigurationService,
  ExternalPortService,
  KeyringPackagesService,
  SnapshotsService,
  TestPackagesService,
  daemonCommandMetadata,
  testPackageSources,
} from '@mbd/workflows';
import type { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { checkedValues, optional, parseForm } from '../packages/form-fields.js';
import { portOptionsOf, targetsField, uploadOptionsField } from '../packages/port-request.js';
import type { Viewer } from '../session/page-session.js';
import { PageSessionsService } from '../session/page-sessions.service.js';

const name = z.string().min(1).max(200);
const ticked = z.literal('on').optional();
const csrf = { _csrf: z.string(), repository: name };
const snapshotCreateForm = z.strictObject({ _csrf: z.string(), name, at: optional(z.string().max(64)) });
const snapshotDeleteForm = z.strictObject({ _csrf: z.string() });
const portExtForm = z.strictObject({
  ...csrf,
  dsc: z.string().min(1).max(2000),
  to: targetsField,
  version: optional(name),
  options: optional(uploadOptionsField),
  allowUnauthenticated: ticked,
});
const keyringForm = z.strictObject({ ...csrf, distributions: checkedValues(z.array(name).max(100)), withoutMigration: ticked });
const testForm = z.strictObject({
  ...csrf,
  sources: checkedValues(z.array(z.enum(testPackageSources)).max(testPackageSources.length)),
  distributions: checkedValues(z.array(name).max(100)),
});

/** How long an action waits for the read models to show its events before answering. */
const projectionWaitMs = 5000;

/**
 * The repository page's actions, each for a signed-in viewer with the form's CSRF token, calling the
 * service of the REST call and answering 303 to `/repositories/<id>` showing what it caused:
 * `POST /snapshots/<distribution>` (snapshot_create), `POST /snapshots/<distribution>/<name>/delete`
 * (snapshot_delete), `POST /port-ext`, `POST /keyring-packages`, `POST /test-packages`. They are not
 * below `/repositories/`, which the archive delivery answers for every method.
 */
@ApiExcludeController()
@Controller()
export class RepositoryActionsController {
  constructor(
    private readonly pages: PageSessionsService,
    private readonly configuration: ConfigurationService,
    private readonly projections: ProjectionsService,
    private readonly snapshots: SnapshotsService,
    private readonly externalPorts: ExternalPortService,
    private readonly keyringPackages: KeyringPackagesService,
    private readonly testPackages: TestPackagesService,
  ) {}

  @Post('snapshots/:distribution')
  async createSnapshot(@Req() request: Request, @Res() response: Response, @Param('distribution') distribution: string): Promise<void> {
    const viewer = this.pages.requireForm(request, 'staff');
    const form = parseForm(snapshotCreateForm, request.body);
    const result = await this.snapshots.create(distribution, form.name, form.at, this.metadata(viewer));
    await this.done(response, this.repositoryOf(result.distribution), result.events.map((event) => event.position));
  }

  @Post('snapshots/:distribution/:name/delete')
  async deleteSnapshot(@Req() request: Request, @Res() response: Response, @Param('distribution') distribution: string, @Param('name') snapshot: string): Promise<void> {
    const viewer = this.pages.requireForm(request, 'staff');
    parseForm(snapshotDeleteForm, request.body);
    const result = await this.snapshots.delete(distribution, snapshot, this.metadata(viewer));
    await this.done(response, this.repositoryOf(result.distribution), result.events.map((event) => event.position));
  }

  @Post('port-ext')
  async portExt(@Req() request: Request, @Res() response: Response): Promise<void> {
    const viewer = this.pages.requireForm(request, 'staff');
    const form = parseForm(portExtForm, request.body);
    this.checkDistributions(form.repository, form.to);
    const results = await this.externalPorts.port(
      { dsc: form.dsc, to: form.to, allowUnauthenticated: form.allowUnauthenticated === 'on', ...portOptionsOf(form) },
      this.metadata(viewer),
    );
    await this.done(response, form.repository, results.flatMap((result) => result.events.map((event) => event.position)));
  }

  /** keyring_packages: the service makes and signs the uploads with the archive key (it takes no actor). */
  @Post('keyring-packages')
  async keyring(@Req() request: Request, @Res() response: Response): Promise<void> {
    this.pages.requireForm(request);
    const form = parseForm(keyringForm, request.body);
    this.checkDistributions(form.repository, form.distributions);
    const started = await this.keyringPackages.build({ distributions: this.chosen(form.repository, form.distributions, 'keyring packages'), withoutMigration: form.withoutMigration === 'on' }, new Date());
    this.started(response, form.repository, started.map((upload) => upload.uploadId));
  }

  /** test_packages without --with-check: the page shows the uploads, each page shows what became of it. */
  @Post('test-packages')
  async test(@Req() request: Request, @Res() response: Response): Promise<void> {
    this.pages.requireForm(request);
    const form = parseForm(testForm, request.body);
    this.checkDistributions(form.repository, form.distributions);
    const started = await this.testPackages.build({ sources: form.sources, distributions: this.chosen(form.repository, form.distributions, 'test packages') }, new Date());
    this.started(response, form.repository, started.map((upload) => upload.uploadId));
  }

  /** A command of the signed-in viewer, in its own correlation. */
  private metadata(viewer: Viewer) {
    return daemonCommandMetadata(randomUUID(), undefined, { kind: 'user', name: viewer.name });
  }

  private repositoryOf(distribution: string): string {
    const parsed = parseDistributionName(distribution);
    if (!parsed) throw new NotFoundException(`there is no distribution ${distribution}`);
    return parsed.repository;
  }

  /** The repository is configured and each distribution named is one of its own (the page offers only those). */
  private checkDistributions(repository: string, distributions: readonly string[]): void {
    if (!this.configuration.current().repositories.has(repository)) throw new NotFoundException(`no repository ${repository}`);
    const foreign = distributions.filter((distribution) => parseDistributionName(distribution)?.repository !== repository);
    if (foreign.length > 0) throw new BadRequestException(`not distributions of repository ${repository}: ${foreign.join(', ')}`);
  }

  /** The distributions ticked; none is refused (the services' defaults span every repository, this page acts on one). */
  private chosen(repository: string, distributions: readonly string[], what: string): string[] {
    if (distributions.length === 0) throw new BadRequestException(`choose at least one distribution of repository ${repository} for the ${what}`);
    return [...distributions];
  }

  private async done(response: Response, repository: string, positions: readonly number[]): Promise<void> {
    const last = Math.max(0, ...positions);
    if (last > 0) await this.projections.waitForPosition(last, projectionWaitMs).catch(() => undefined);
    response.redirect(303, positions.length > 0 ? `${this.pageOf(repository)}?done=${positions.join(',')}#result` : this.pageOf(repository));
  }

  private started(response: Response, repository: string, uploadIds: readonly string[]): void {
    response.redirect(303, uploadIds.length > 0 ? `${this.pageOf(repository)}?started=${uploadIds.join(',')}#result` : this.pageOf(repository));
  }

  private pageOf(repository: string): string {
    return `/repositories/${encodeURIComponent(repository)}`;
  }
}
