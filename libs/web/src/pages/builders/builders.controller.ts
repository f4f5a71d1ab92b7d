import { ConflictException, Controller, Get, Header, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { EventStore, configurationStream } from '@mbd/events';
import { ProjectionsService } from '@mbd/projections';
import { BuildDispatcher, ChrootCommandsService, ConfigurationService, RemoteBuilds } from '@mbd/workflows';
import type { Request, Response } from 'express';
import { setTimeout as delay } from 'node:timers/promises';
import { z } from 'zod';
import { accountKeysOf } from '../../builders/builder-caller.js';
import { AccountsService } from '../../users/accounts.service.js';
import { ZodValidationPipe } from '../../zod-validation.pipe.js';
import { PageSessionsService } from '../session/page-sessions.service.js';
import { renderBuildersPage, type RunningBuild } from './builders.page.js';
import { ChrootJobs, type ChrootAction } from './chroot-jobs.js';

/** The chroot forms: what the REST ChrootsController takes, plus the CSRF token. */
const chrootForm = new ZodValidationPipe(
  z.object({ _csrf: z.string(), codename: z.string().regex(/^[a-z][a-z0-9]*$/), architecture: z.string().regex(/^[a-z0-9][a-z0-9-]*$/) }).strict(),
);

/** How long an action waits for a quick end (a refusal: the chroot exists, is busy or absent) before it answers "in progress". */
const QUICK_MS = 1000;

/**
 * `GET /builders`: this daemon's builder, the remote builders, and its chroots. `POST /builders/chroots/create|update` do what
 * `POST /api/chroots/create|update` do, with the signed-in viewer as actor; making a chroot takes
 * minutes, so the work is started and the page shows it in progress, then how it ended.
 */
@ApiExcludeController()
@Controller('builders')
export class BuildersPageController {
  private readonly jobs = new ChrootJobs();

  constructor(
    private readonly pages: PageSessionsService,
    private readonly dispatcher: BuildDispatcher,
    private readonly projections: ProjectionsService,
    private readonly chroots: ChrootCommandsService,
    private readonly configuration: ConfigurationService,
    private readonly store: EventStore,
    private readonly remoteBuilds: RemoteBuilds,
    private readonly accounts: AccountsService,
  ) {}

  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  async page(@Req() request: Request): Promise<string> {
    const [status, queue, chroots, remotes] = await Promise.all([
      this.dispatcher.status(),
      this.projections.listBuildQueue({ finishedLimit: 0 }),
      this.chroots.list(),
      this.remoteBuilds.list((name) => accountKeysOf(this.accounts, name)),
    ]);
    const running = status.running.map((buildId): RunningBuild => {
      const build = queue.find((item) => item.buildId === buildId);
      return build ? { buildId, source: build.source, version: build.version, architecture: build.architecture, startedAt: build.startedAt } : { buildId };
    });
    const codenames = [...this.configuration.current().repositories.values()].flatMap((repository) => repository.codenames);
    return renderBuildersPage(this.pages.context(request), {
      builder: { name: status.builder, slots: status.slots, timeoutSeconds: status.timeoutSeconds, running },
      chroots,
      remotes,
      jobs: this.jobs.list(),
      choices: {
        codenames: [...new Set(codenames.map((entry) => entry.codename))].sort(),
        architectures: [...new Set(codenames.flatMap((entry) => entry.architectures.map(({ architecture }) => architecture)))].sort(),
      },
      now: new Date().toISOString(),
    });
  }

  @Post('chroots/create')
  create(@Req() request: Request, @Res() response: Response): Promise<void> {
    return this.start(request, response, 'create');
  }

  @Post('chroots/update')
  update(@Req() request: Request, @Res() response: Response): Promise<void> {
    return this.start(request, response, 'update');
  }

  private async start(request: Request, response: Response, action: ChrootAction): Promise<void> {
    const viewer = this.pages.requireForm(request);
    const { codename, architecture } = chrootForm.transform(request.body);
    if (this.jobs.isRunning(codename, architecture))
      throw new ConflictException(`the chroot ${codename}/${architecture} is already being made or remade: wait for it to end`);
    const ended = this.jobs.start(codename, architecture, action, viewer.name, async () => {
      const made =
        action === 'create' ? await this.chroots.create(codename, architecture, viewer.name) : await this.chroots.update(codename, architecture, viewer.name);
      const recorded = (await this.store.readStream(configurationStream('chroot', `${codename}-${architecture}`))).at(-1);
      return { seconds: made.seconds, ...(recorded ? { position: recorded.position } : {}) };
    });
    const quick = new AbortController();
    await Promise.race([ended, delay(QUICK_MS, undefined, { signal: quick.signal }).catch(() => undefined)]);
    quick.abort();
    response.redirect(303, '/builders#chroot-work');
  }
}
