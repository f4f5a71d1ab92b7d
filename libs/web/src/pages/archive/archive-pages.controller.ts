import { BadRequestException, Controller, Get, Header, HttpException, NotFoundException, Param, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { parseDistributionName } from '@mbd/archive';
import { InjectConfig, type MbdConfig } from '@mbd/config';
import { EventStore } from '@mbd/events';
import { ArchiveAt, diffArchive, TimeTravelError, type ArchiveDiffEntry } from '@mbd/repository';
import { ConfigurationService } from '@mbd/workflows';
import type { Request, Response } from 'express';
import { join } from 'node:path';
import { z } from 'zod';
import { ZodValidationPipe } from '../../zod-validation.pipe.js';
import { PageSessionsService } from '../session/page-sessions.service.js';
import { renderArchiveDiffPage, type DiffBound } from './archive-diff.page.js';
import { listingPage, lookAtTree } from './archive-listing.js';
import { renderArchiveTreePage } from './archive-tree.page.js';
import { parseArchiveTreePath } from './archive-tree-path.js';
import { archiveTreeUrl, deliveryUrl, normalizeAt } from './archive-urls.js';
import { TIME_TRAVEL_STATUS } from '../../repositories/repository-delivery.middleware.js';

const moment = z.string().max(100).optional();
const pickSchema = z.object({ time: moment, position: moment, at: moment });
const diffSchema = z.object({ from: moment, to: moment });
const listingSchema = z.object({ after: z.string().max(1000).optional() });

/**
 * The archive as it was: `GET /archive/<id>/<at>/<path…>` browses a repository's tree at a log
 * position or time (through ArchiveAt, with the delivery's rules: anonymous viewers only the head, from
 * the live tree; signed-in viewers any moment), `GET /archive/<id>?time=|position=` is the picker's
 * way there, and `GET /archive/<id>/diff` shows what changed between two moments.
 */
@ApiExcludeController()
@Controller('archive')
export class ArchivePagesController {
  constructor(
    @InjectConfig() private readonly config: MbdConfig,
    private readonly pages: PageSessionsService,
    private readonly timeTravel: ArchiveAt,
    private readonly store: EventStore,
    private readonly configuration: ConfigurationService,
  ) {}

  @Get(':id/diff')
  @Header('content-type', 'text/html; charset=utf-8')
  async diff(@Req() request: Request, @Param('id') id: string, @Query(new ZodValidationPipe(diffSchema)) query: z.infer<typeof diffSchema>): Promise<string> {
    this.repository(id);
    const context = this.pages.context(request);
    const fromAt = normalizeAt(query.from ?? '');
    if (fromAt === '') return renderArchiveDiffPage(context, { repository: id });
    const toAt = normalizeAt(query.to ?? '');
    // A diff replays the log: only a signed-in viewer may name a past moment (an anonymous one gets the delivery's 401).
    const headOnly = context.viewer === undefined;
    const from = await this.resolve(fromAt, headOnly);
    const to = toAt === '' ? await this.store.headPosition() : await this.resolve(toAt, headOnly);
    const diff = await diffArchive(this.store, { position: from }, { position: to });
    const distributions: { name: string; entries: ArchiveDiffEntry[] }[] = [];
    for (const entry of diff.entries.filter((candidate) => parseDistributionName(candidate.distribution)?.repository === id)) {
      const last = distributions.at(-1);
      if (last?.name === entry.distribution) last.entries.push(entry);
      else distributions.push({ name: entry.distribution, entries: [entry] });
    }
    const bound = async (at: string, position: number): Promise<DiffBound> => {
      const occurredAt = (await this.eventAt(position))?.occurredAt;
      return { at, position, ...(occurredAt !== undefined ? { occurredAt } : {}) };
    };
    return renderArchiveDiffPage(context, {
      repository: id,
      diff: { from: await bound(fromAt, from), to: { ...(await bound(toAt === '' ? String(to) : toAt, to)), now: toAt === '' }, distributions },
    });
  }

  /** The time-travel picker's target: on to `/archive/<id>/<at>/` (a position wins over a time; neither: the head). */
  @Get(':id')
  async pick(@Param('id') id: string, @Query(new ZodValidationPipe(pickSchema)) query: z.infer<typeof pickSchema>, @Res() response: Response): Promise<void> {
    this.repository(id);
    const position = query.position?.trim() ?? '';
    if (position !== '' && !/^\d+$/.test(position)) throw new BadRequestException(`"${position}" is not a log position (a whole number from 1)`);
    const at = position || normalizeAt(query.time ?? '') || normalizeAt(query.at ?? '') || String(await this.store.headPosition());
    response.redirect(303, archiveTreeUrl(id, at));
  }

  @Get([':id/:at', ':id/:at/{*path}'])
  async tree(@Req() request: Request, @Res() response: Response, @Query(new ZodValidationPipe(listingSchema)) query: z.infer<typeof listingSchema>): Promise<void> {
    const path = parseArchiveTreePath(request.path);
    if (path.kind === 'refused') throw new HttpException(path.message, path.status);
    this.repository(path.repository);
    if (path.kind === 'directory' && !path.slash) return response.redirect(302, archiveTreeUrl(path.repository, path.at, path.segments));
    const signedIn = this.pages.viewer(request) !== undefined;
    // A rebuild of a past tree may wait in the queue for longer than the idle timeout, as in the delivery.
    const idle = request.socket.timeout ?? 0;
    request.socket.setTimeout(0);
    let position: number;
    let tree: string;
    try {
      position = await this.resolve(path.at, !signedIn, response);
      // The head is what the live tree shows: an anonymous viewer never makes mbd rebuild anything.
      tree = signedIn ? await this.treeAt(path.repository, position, response) : join(this.config.dataDir, 'repositories', path.repository);
    } finally {
      request.socket.setTimeout(idle);
    }
    const node = await lookAtTree(tree, path.segments);
    const shown = `${path.segments.join('/') || 'the root'} of ${path.repository} at position ${position}`;
    if (node.kind === 'missing') throw new NotFoundException(`not found: ${shown}`);
    if (path.kind === 'entry') {
      return response.redirect(302, node.kind === 'file' ? deliveryUrl(path.repository, position, path.segments) : archiveTreeUrl(path.repository, path.at, path.segments));
    }
    if (node.kind === 'file') throw new NotFoundException(`not a directory: ${shown}`);
    const page = listingPage(node.entries, query.after);
    const event = await this.eventAt(position);
    response
      .status(200)
      .type('html')
      .send(
        renderArchiveTreePage(this.pages.context(request), {
          repository: path.repository,
          moment: { at: path.at, position, head: await this.store.headPosition(), live: !signedIn, ...(event ? { event } : {}) },
          segments: path.segments,
          entries: page.entries,
          ...(query.after !== undefined ? { after: query.after } : {}),
          ...(page.next !== undefined ? { next: page.next } : {}),
        }),
      );
  }

  private repository(id: string): void {
    if (!this.configuration.current().repositories.has(id)) throw new NotFoundException(`no repository ${id}`);
  }

  /** The position `at` denotes (ArchiveAt.resolve); a refusal becomes its HTTP status with the reason. */
  private async resolve(at: string, headOnly: boolean, response?: Response): Promise<number> {
    try {
      return await this.timeTravel.resolve(at, { headOnly });
    } catch (error) {
      throw refusal(error, response);
    }
  }

  private async treeAt(repository: string, position: number, response: Response): Promise<string> {
    try {
      return await this.timeTravel.treeAt(repository, position);
    } catch (error) {
      throw refusal(error, response);
    }
  }

  private async eventAt(position: number): Promise<{ type: string; occurredAt: string } | undefined> {
    const [event] = await this.store.readAll({ after: position - 1, limit: 1 });
    return event?.position === position ? { type: event.type, occurredAt: event.metadata.occurredAt } : undefined;
  }
}

/** A TimeTravelError as the HTTP answer the delivery gives it (Retry-After when busy); anything else as it is. */
function refusal(error: unknown, response?: Response): unknown {
  if (!(error instanceof TimeTravelError)) return error;
  if (error.retryAfterS !== undefined) response?.setHeader('Retry-After', String(error.retryAfterS));
  return new HttpException(error.message, TIME_TRAVEL_STATUS[error.code]);
}
