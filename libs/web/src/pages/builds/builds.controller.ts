import { Controller, Get, Header, NotFoundException, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { ArchiveError, buildDecider, type BuildCommand } from '@mbd/archive';
import { BuildFailed, BuildStarted, BuildSucceeded, EventStore, handleCommand, uploadStream, type RecordedEvent } from '@mbd/events';
import { ProjectionsService, actorName, buildStates, type BuildQueueItem } from '@mbd/projections';
import { BlobStore } from '@mbd/repository';
import { BuildDispatcher, RemoteBuilds, daemonCommandMetadata } from '@mbd/workflows';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { ZodValidationPipe } from '../../zod-validation.pipe.js';
import { PageSessionsService } from '../session/page-sessions.service.js';
import { buildHref } from './build-facts.js';
import { lintianRows, logPhases, tailLines } from './build-log.js';
import { buildRefusals, renderBuildPage, type BuildEventRow, type BuildPageData, type BuildRefusal } from './build.page.js';
import { renderBuildsPage } from './builds.page.js';

/** A form's empty field means "any". */
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

const listSchema = z.object({
  state: optional(z.enum(buildStates)),
  source: optional(z.string().max(200)),
  distribution: optional(z.string().max(200)),
  architecture: optional(z.string().max(50)),
  limit: optional(z.coerce.number().int().min(1).max(5000)),
});
type ListQuery = z.infer<typeof listSchema>;

const pageSchema = z.object({
  done: optional(z.string().regex(/^\d+(,\d+)*$/, 'done lists event positions').max(200)),
  refused: optional(z.enum(buildRefusals as [BuildRefusal, ...BuildRefusal[]])),
});
type PageQuery = z.infer<typeof pageSchema>;

/** The Retry and Cancel forms carry nothing but their CSRF token. */
const actionBody = new ZodValidationPipe(z.object({ _csrf: z.string() }).strict());

const HISTORY = 50;
const MORE = 200;
/** How many finished builds the REST API searches for a build id (the build queue has no query by id). */
const SEARCHED = 10_000;
const active = new Set(['building', 'needs-build', 'dep-wait']);

const buildIdOf = (event: RecordedEvent): string | undefined => {
  const data = event.data as { buildId?: unknown };
  return typeof data.buildId === 'string' ? data.buildId : undefined;
};

const rowOf = (event: RecordedEvent): BuildEventRow => {
  const buildId = buildIdOf(event);
  return { position: event.position, type: event.type, occurredAt: event.metadata.occurredAt, actor: actorName(event.metadata.actor), ...(buildId ? { buildId } : {}) };
};

/**
 * The build pages: `GET /builds` (queue and history with filters), `GET /builds/<id>` (one build with
 * its live or stored log), and the Retry and Cancel actions, which do what `POST /api/builds/<id>/…`
 * does with the signed-in viewer as actor.
 */
@ApiExcludeController()
@Controller('builds')
export class BuildsPageController {
  constructor(
    private readonly pages: PageSessionsService,
    private readonly projections: ProjectionsService,
    private readonly store: EventStore,
    private readonly blobs: BlobStore,
    private readonly dispatcher: BuildDispatcher,
    private readonly remoteBuilds: RemoteBuilds,
  ) {}

  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  async list(@Req() request: Request, @Query(new ZodValidationPipe(listSchema)) query: ListQuery): Promise<string> {
    const { state, limit = HISTORY, ...where } = query;
    const builds = await this.projections.listBuildQueue({ ...where, finishedLimit: limit });
    const inState = (build: BuildQueueItem) => state === undefined || build.state === state;
    const finished = builds.filter((build) => !active.has(build.state));
    const queue = builds.filter((build) => active.has(build.state) && inState(build));
    const more = finished.length >= limit && limit < 5000 ? `/builds?${new URLSearchParams({ ...clean({ state, ...where }), limit: String(Math.min(5000, limit + MORE)) })}` : undefined;
    return renderBuildsPage(this.pages.context(request), {
      filter: { ...(state ? { state } : {}), ...where },
      queue,
      waitingFor: await this.remoteBuilds.waitingReasons(queue),
      history: finished.filter(inState),
      ...(more ? { more } : {}),
      now: new Date().toISOString(),
    });
  }

  @Get(':buildId')
  @Header('content-type', 'text/html; charset=utf-8')
  async show(@Req() request: Request, @Param('buildId') buildId: string, @Query(new ZodValidationPipe(pageSchema)) query: PageQuery): Promise<string> {
    const { build, attempts } = await this.find(buildId);
    const events = await this.store.readStream(uploadStream(build.uploadId));
    const own = events.filter((event) => buildIdOf(event) === buildId);
    const started = own.find((event) => BuildStarted.is(event));
    const end = own.find((event) => BuildSucceeded.is(event) || BuildFailed.is(event));
    const succeeded = end && BuildSucceeded.is(end) ? end : undefined;
    const failed = end && BuildFailed.is(end) ? end : undefined;
    const logRef = succeeded?.data.log ?? failed?.data.log;
    const live = this.dispatcher.log(buildId) !== undefined;
    const log = !live && logRef ? await this.readLog(logRef.sha256) : {};
    const done = query.done?.split(',').map(Number) ?? [];
    const lintian = succeeded?.data.lintian;
    const qa = (['piuparts', 'autopkgtest'] as const).flatMap((tool) => {
      const result = succeeded?.data[tool];
      return result ? [{ tool, status: result.status, summary: result.summary, hasLog: result.log !== undefined }] : [];
    });
    const data: BuildPageData = {
      build,
      attempts,
      ...(started && BuildStarted.is(started) ? { chroot: started.data.chroot } : {}),
      ...(failed ? { status: failed.data.status } : {}),
      ...(succeeded ? { seconds: succeeded.data.seconds } : {}),
      events: own.map(rowOf),
      live,
      ...log,
      ...(lintian ? { lintian: { errors: lintian.errors, warnings: lintian.warnings, rows: lintianRows(lintian.tags ?? []) } } : {}),
      ...(qa.length > 0 ? { qa } : {}),
      ...(done.length > 0 ? { done: events.filter((event) => done.includes(event.position)).map(rowOf) } : {}),
      ...(query.refused ? { refused: query.refused } : {}),
      now: new Date().toISOString(),
    };
    return renderBuildPage(this.pages.context(request), data);
  }

  @Post(':buildId/retry')
  async retry(@Req() request: Request, @Res() response: Response, @Param('buildId') buildId: string): Promise<void> {
    const viewer = this.pages.requireForm(request, 'staff');
    actionBody.transform(request.body);
    const { build, attempts } = await this.find(buildId);
    response.redirect(303, await this.act(build, attempts, 'retry', viewer.name, { type: 'RetryBuild', data: { architecture: build.architecture } }));
  }

  @Post(':buildId/cancel')
  async cancel(@Req() request: Request, @Res() response: Response, @Param('buildId') buildId: string): Promise<void> {
    const viewer = this.pages.requireForm(request, 'staff');
    actionBody.transform(request.body);
    const { build, attempts } = await this.find(buildId);
    const command = { type: 'CancelBuild', data: { architecture: build.architecture, reason: `cancelled by ${viewer.name}` } } as const;
    response.redirect(303, await this.act(build, attempts, 'cancel', viewer.name, command));
  }

  /** Decides on the upload's stream as the REST controller does; the address of the build page showing the result or the refusal. */
  private async act(
    build: BuildQueueItem,
    attempts: readonly BuildQueueItem[],
    refusal: BuildRefusal,
    actor: string,
    command: Omit<BuildCommand, 'metadata'>,
  ): Promise<string> {
    const page = buildHref(build.buildId);
    // The decider acts on the architecture's latest attempt: an older attempt's page must not retry or cancel a newer one.
    if (attempts.at(-1)?.buildId !== build.buildId) return `${page}?refused=stale`;
    try {
      const result = await handleCommand(this.store, uploadStream(build.uploadId), buildDecider, {
        ...command,
        metadata: daemonCommandMetadata(build.uploadId, undefined, { kind: 'user', name: actor }),
      } as BuildCommand);
      const positions = result.events.map((event) => event.position);
      if (positions.length === 0) return page;
      // Show the page with the read model caught up, when it catches up soon.
      await this.projections.waitForPosition(Math.max(...positions), 3000).catch(() => undefined);
      return `${page}?done=${positions.join(',')}`;
    } catch (error) {
      if (error instanceof ArchiveError && (error.code === 'build-not-retryable' || error.code === 'build-not-cancellable')) return `${page}?refused=${refusal}`;
      throw error;
    }
  }

  private async find(buildId: string): Promise<{ build: BuildQueueItem; attempts: BuildQueueItem[] }> {
    const builds = await this.projections.listBuildQueue({ finishedLimit: SEARCHED });
    const build = builds.find((item) => item.buildId === buildId);
    if (!build) throw new NotFoundException(`no build ${buildId}`);
    const attempts = builds
      .filter((item) => item.uploadId === build.uploadId && item.architecture === build.architecture)
      .sort((a, b) => a.attempt - b.attempt);
    return { build, attempts };
  }

  private async readLog(sha256: string): Promise<Pick<BuildPageData, 'log' | 'logUnreadable'>> {
    try {
      const bytes = await this.blobs.read(sha256);
      return { log: { tail: tailLines(bytes), phases: logPhases(bytes.toString('utf8')) } };
    } catch (error) {
      return { logUnreadable: `the stored log (${sha256}) cannot be read: ${error instanceof Error ? error.message : String(error)}` };
    }
  }
}

const clean = (values: Record<string, string | undefined>): Record<string, string> =>
  Object.fromEntries(Object.entries(values).filter((entry): entry is [string, string] => entry[1] !== undefined));
