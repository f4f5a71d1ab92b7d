import { Controller, Get, Header, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FollowerStatus } from '@mbd/events';
import { ArchiveKey } from '@mbd/gpg';
import { ProjectionsService } from '@mbd/projections';
import type { Request } from 'express';
import { StatusRegistry } from '../../status/status.service.js';
import { ChainVerifier } from '../audit/chain-verifier.service.js';
import { PageSessionsService } from '../session/page-sessions.service.js';
import { renderHomePage, type HomeData } from './home.page.js';

interface StatusParts {
  readonly builds?: { readonly builder: string; readonly slots: number; readonly running: readonly string[] };
  readonly followers?: readonly FollowerStatus[];
  readonly eventStore?: { readonly head: number };
}

/** `GET /`: the daemon at a glance. */
@ApiExcludeController()
@Controller()
export class HomePageController {
  constructor(
    private readonly pages: PageSessionsService,
    private readonly status: StatusRegistry,
    private readonly projections: ProjectionsService,
    private readonly archiveKey: ArchiveKey,
    private readonly chain: ChainVerifier,
  ) {}

  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  async home(@Req() request: Request): Promise<string> {
    const [parts, queue, uploads, events, chain] = await Promise.all([
      this.status.collect() as Promise<StatusParts>,
      this.projections.listBuildQueue({ finishedLimit: 0 }),
      this.projections.listUploads({ limit: 10 }),
      this.projections.listAuditLog({ order: 'desc', limit: 10 }),
      this.chain.status(),
    ]);
    const data: HomeData = {
      builder: { name: parts.builds?.builder ?? 'none', slots: parts.builds?.slots ?? 0, running: parts.builds?.running.length ?? 0 },
      queue: queue.filter((build) => build.state === 'building' || build.state === 'needs-build' || build.state === 'dep-wait'),
      followers: (parts.followers ?? []).map((follower) => ({
        name: follower.name,
        state: follower.state,
        lag: follower.lag,
        parked: follower.parked.length,
        ...(follower.lastError !== undefined ? { lastError: follower.lastError } : {}),
      })),
      head: parts.eventStore?.head ?? 0,
      archiveKeyFingerprint: this.archiveKey.fingerprint,
      uploads: uploads.items,
      events: events.items,
      chain,
    };
    return renderHomePage(this.pages.context(request), data);
  }
}
