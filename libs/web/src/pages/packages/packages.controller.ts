import { Controller, Get, Header, NotFoundException, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { sourceNameSchema, uploadStream } from '@mbd/events';
import { ProjectionsService, type BuildQueueItem, type DistributionSource, type RollbackHistoryItem } from '@mbd/projections';
import { ArchiveCommandsService, ArchiveRequestError, ConfigurationService, daemonCommandMetadata, type ArchiveCommandResult } from '@mbd/workflows';
import type { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { SourceListingService } from '../../show/source-listing.service.js';
import { ZodValidationPipe } from '../../zod-validation.pipe.js';
import { PageSessionsService } from '../session/page-sessions.service.js';
import type { Viewer } from '../session/page-session.js';
import { mergeStories, packageHref, storyEventOfAudit, type StoryEvent } from '../uploads/event-words.js';
import { toUploadSummary } from '../uploads/upload-summary.js';
import { renderPackageSearchPage } from './package-search.page.js';
import { optional, parseForm } from './form-fields.js';
import { shownDistributions } from './package-show.js';
import { renderPackageTrackerPage, trackerHistoryShown, trackerLintianShown, type ActionOutcome } from './package-tracker.page.js';
import { portOptionsOf, targetsField, uploadOptionsField } from './port-request.js';
import {
  distributionActions,
  findPackages,
  lineageOf,
  lineageReachesItsStart,
  lintianResults,
  placingEventTypes,
  uploadOfLineage,
  type LintianResult,
} from './package-tracker.js';

const name = z.string().min(1).max(200);
const searchSchema = z.object({ q: optional(z.string().max(100)), after: optional(z.string().max(100)) });
const trackerSchema = z.object({ done: optional(z.string().regex(/^\d{1,15}(?:,\d{1,15}){0,49}$/, 'a comma-separated list of event positions')) });
const csrf = { _csrf: z.string() };
const migrateForm = z.strictObject({ ...csrf, distribution: name, full: z.literal('on').optional() });
const removeForm = z.strictObject({ ...csrf, distribution: name, version: optional(name), reason: optional(z.string().max(500)) });
const rollbackForm = z.strictObject({ ...csrf, distribution: name, rollback: z.string().regex(/^\d{1,2}$/, 'a rollback number').transform(Number) });
const portForm = z.strictObject({ ...csrf, distribution: name, to: targetsField, version: optional(name), options: optional(uploadOptionsField) });

export const packagesPageSize = 50;
/** The tracker's latest uploads and finished builds (each section links to all of them). */
const trackerUploads = 10;
const trackerFinishedBuilds = 20;
/** Events of each placing type per read of a lineage, and at most this many reads back for one that goes far back. */
const lineagePage = 100;
const lineageReads = 10;
/** How long an action waits for the read models to show its events before answering. */
const projectionWaitMs = 5000;

/**
 * `GET /packages` (search), `GET /packages/<source>` (the package tracker) and the tracker's actions:
 * `POST /packages/<source>/migrate|remove|rollback|port`, each for a signed-in viewer with the form's CSRF
 * token, done as that viewer and answered with a 303 to the tracker showing the resulting events.
 */
@ApiExcludeController()
@Controller()
export class PackagesPageController {
  constructor(
    private readonly pages: PageSessionsService,
    private readonly projections: ProjectionsService,
    private readonly archive: ArchiveCommandsService,
    private readonly configuration: ConfigurationService,
    private readonly listing: SourceListingService,
  ) {}

  @Get('packages')
  @Header('content-type', 'text/html; charset=utf-8')
  async search(@Req() request: Request, @Query(new ZodValidationPipe(searchSchema)) query: z.infer<typeof searchSchema>): Promise<string> {
    // every row of the repository state, grouped in memory: the read models have no distinct-source query yet
    const found = findPackages(await this.projections.listRepositoryState(), query.q ?? '');
    const after = query.after;
    const start = after === undefined ? 0 : found.findIndex((entry) => entry.source > after);
    const packages = start < 0 ? [] : found.slice(start, start + packagesPageSize);
    const last = packages.at(-1);
    return renderPackageSearchPage(this.pages.context(request), {
      q: query.q ?? '',
      packages,
      found: found.length,
      ...(after !== undefined ? { after } : {}),
      ...(last && start + packagesPageSize < found.length ? { nextAfter: last.source } : {}),
    });
  }

  @Get('packages/:source')
  @Header('content-type', 'text/html; charset=utf-8')
  async tracker(@Req() request: Request, @Param('source') source: string, @Query(new ZodValidationPipe(trackerSchema)) query: z.infer<typeof trackerSchema>): Promise<string> {
    this.checkSource(source);
    const [placements, rollbacks, uploads, builds, history, done] = await Promise.all([
      this.projections.listRepositoryState({ source }),
      this.projections.listRollbackHistory({ source }),
      this.projections.listUploads({ source, limit: trackerUploads }),
      this.projections.listBuildQueue({ source, finishedLimit: trackerFinishedBuilds }),
      this.projections.listAuditLog({ source, order: 'desc', limit: trackerHistoryShown }),
      this.outcomes(query.done),
    ]);
    if (placements.length === 0 && rollbacks.length === 0 && uploads.items.length === 0 && builds.length === 0 && history.items.length === 0)
      throw new NotFoundException(`mbd knows no source package ${source}: no upload, build or event names it`);
    const latest = history.items.map(storyEventOfAudit);
    const [lineages, lintian, shown] = await Promise.all([
      this.lineages(source, placements, rollbacks, latest),
      this.lintian(source, builds),
      placements.length > 0 ? this.listing.show(source, {}).then(shownDistributions) : undefined,
    ]);
    return renderPackageTrackerPage(this.pages.context(request), {
      source,
      placements,
      actions: distributionActions([...this.configuration.current().repositories.values()], placements),
      ...(shown ? { shown } : {}),
      lineages,
      rollbacks,
      uploads: uploads.items.map(toUploadSummary),
      builds,
      lintian,
      history: latest,
      ...(done ? { done } : {}),
    });
  }

  @Post('packages/:source/migrate')
  async migrate(@Req() request: Request, @Res() response: Response, @Param('source') source: string): Promise<void> {
    const viewer = this.pages.requireForm(request, 'staff');
    const form = parseForm(migrateForm, request.body);
    this.checkSource(source);
    const results = form.full
      ? await this.archive.migrateAll(form.distribution, source, this.metadata(viewer))
      : [await this.archive.migrate(form.distribution, source, this.metadata(viewer))];
    if (results.length === 0) throw new ArchiveRequestError('bad-request', `${form.distribution} does not migrate anywhere`);
    await this.answer(response, source, results);
  }

  @Post('packages/:source/remove')
  async remove(@Req() request: Request, @Res() response: Response, @Param('source') source: string): Promise<void> {
    const viewer = this.pages.requireForm(request, 'staff');
    const form = parseForm(removeForm, request.body);
    this.checkSource(source);
    const options = { ...(form.version ? { version: form.version } : {}), ...(form.reason ? { reason: form.reason } : {}) };
    await this.answer(response, source, [await this.archive.remove(form.distribution, source, options, this.metadata(viewer))]);
  }

  @Post('packages/:source/rollback')
  async rollback(@Req() request: Request, @Res() response: Response, @Param('source') source: string): Promise<void> {
    const viewer = this.pages.requireForm(request, 'staff');
    const form = parseForm(rollbackForm, request.body);
    this.checkSource(source);
    await this.answer(response, source, [await this.archive.restore(form.distribution, source, form.rollback, this.metadata(viewer))]);
  }

  /** mini-buildd's `port`: the version `distribution` holds into each chosen distribution, as ArchiveCommandsService.port does it for the API. */
  @Post('packages/:source/port')
  async port(@Req() request: Request, @Res() response: Response, @Param('source') source: string): Promise<void> {
    const viewer = this.pages.requireForm(request, 'staff');
    const form = parseForm(portForm, request.body);
    this.checkSource(source);
    await this.answer(response, source, await this.archive.port(source, form.distribution, form.to, portOptionsOf(form), this.metadata(viewer)));
  }

  /** A command of the signed-in viewer, in its own correlation. */
  private metadata(viewer: Viewer) {
    return daemonCommandMetadata(randomUUID(), undefined, { kind: 'user', name: viewer.name });
  }

  private checkSource(source: string): void {
    if (!sourceNameSchema.safeParse(source).success) throw new NotFoundException(`there is no source package named ${JSON.stringify(source)}`);
  }

  /** 303 to the tracker showing the events the command appended (once the read models have them, or after a while). */
  private async answer(response: Response, source: string, results: readonly ArchiveCommandResult[]): Promise<void> {
    const positions = results.flatMap((result) => result.events.map((event) => event.position));
    const last = Math.max(0, ...positions);
    if (last > 0) await this.projections.waitForPosition(last, projectionWaitMs).catch(() => undefined);
    response.redirect(303, positions.length > 0 ? `${packageHref(source)}?done=${positions.join(',')}` : packageHref(source));
  }

  /**
   * How each placement's version came where it is, from the source's events that put a version
   * somewhere, read by type up to the newest placement: installs first (most versions were only ever
   * installed), then migrations and, when the rollback history has any, rotations and restores, and
   * older ones while a lineage misses its start. Then the arrival of each lineage's upload: among the
   * latest events when it is there, else the first event of its stream.
   */
  private async lineages(
    source: string,
    placements: readonly DistributionSource[],
    rollbacks: readonly RollbackHistoryItem[],
    latest: readonly StoryEvent[],
  ): Promise<Map<string, StoryEvent[]>> {
    if (placements.length === 0) return new Map();
    const start = Math.max(...placements.map((placement) => placement.position)) + 1;
    const rolled = rollbacks.some((step) => step.action === 'rotated' || step.action === 'restored');
    const types = placingEventTypes.filter((type) => rolled || (type !== 'PackageRotatedToRollback' && type !== 'PackageRestored'));
    /** Per type read: where its next (older) page starts; null when it has no more. */
    const before = new Map<string, number | null>();
    let events: StoryEvent[] = [];
    for (let read = 1; read <= lineageReads; read++) {
      const now = read === 1 ? ['PackageInstalled'] : types.filter((type) => before.get(type) !== null);
      if (now.length === 0) break;
      const pages = await Promise.all(
        now.map((type) => this.projections.listAuditLog({ source, type, order: 'desc', beforePosition: before.get(type) ?? start, limit: lineagePage })),
      );
      now.forEach((type, index) => before.set(type, pages[index]!.nextBefore ?? null));
      events = mergeStories(events, ...pages.map((page) => page.items.map(storyEventOfAudit)));
      if (placements.every((placement) => lineageReachesItsStart(lineageOf(placement, events)))) break;
    }
    const uploadIds = new Set(placements.flatMap((placement) => uploadOfLineage(lineageOf(placement, events)) ?? []));
    const arrivals = await Promise.all([...uploadIds].map((uploadId) => this.arrival(uploadId, latest)));
    const withArrivals = mergeStories(events, ...arrivals);
    return new Map(placements.map((placement) => [placement.distribution, lineageOf(placement, withArrivals)]));
  }

  /** An upload's arrival, UploadReceived: among `latest`, or the event that opens its stream. */
  private async arrival(uploadId: string, latest: readonly StoryEvent[]): Promise<StoryEvent[]> {
    const known = latest.filter((event) => event.type === 'UploadReceived' && (event.data as { uploadId?: unknown } | null)?.uploadId === uploadId);
    if (known.length > 0) return known;
    let stream: string;
    try {
      stream = uploadStream(uploadId);
    } catch {
      return [];
    }
    const first = await this.projections.listAuditLog({ stream, limit: 1 });
    return first.items.filter((item) => item.type === 'UploadReceived').map(storyEventOfAudit);
  }

  /**
   * lintian on the latest builds: the results of those built (BuildSucceeded, read by type between the
   * oldest build's request and the last one's finish) and on their uploads' sources (SourceLinted, from
   * the oldest build's request on: an upload's SourceLinted follows the builds its acceptance requested).
   */
  private async lintian(source: string, builds: readonly BuildQueueItem[]): Promise<LintianResult[]> {
    if (builds.length === 0) return [];
    const afterPosition = Math.min(...builds.map((build) => build.requestedPosition)) - 1;
    const built = builds.filter((build) => build.state === 'built');
    const finished = built.flatMap((build) => build.finishedAt ?? []);
    // a build's finishedAt is its BuildSucceeded's occurredAt
    const until = finished.length > 0 && finished.length === built.length ? { until: new Date(finished.reduce((a, b) => (a > b ? a : b))) } : {};
    const pages = await Promise.all([
      this.projections.listAuditLog({ source, type: 'SourceLinted', order: 'desc', afterPosition, limit: trackerLintianShown }),
      ...(built.length > 0 ? [this.projections.listAuditLog({ source, type: 'BuildSucceeded', order: 'desc', afterPosition, ...until, limit: trackerLintianShown })] : []),
    ]);
    return lintianResults(mergeStories(...pages.map((page) => page.items.map(storyEventOfAudit))), builds).slice(0, trackerLintianShown);
  }

  private async outcomes(done: string | undefined): Promise<ActionOutcome[] | undefined> {
    if (!done) return undefined;
    const positions = [...new Set(done.split(',').map(Number))];
    return Promise.all(
      positions.map(async (position) => {
        const item = await this.projections.getAuditLogEntry(position);
        return item ? { position, event: storyEventOfAudit(item) } : { position };
      }),
    );
  }
}
