import { BadRequestException, Controller, Get, Header, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { distributionsOf } from '@mbd/archive';
import { subscribedDistributionSchema, subscribedSourceSchema } from '@mbd/events';
import { ConfigurationService, NotificationSettingsService, SubscriptionsService } from '@mbd/workflows';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { actorOf } from '../../auth/principal.js';
import { answerNotificationRequest } from '../../subscriptions/subscriptions.controller.js';
import { ZodValidationPipe } from '../../zod-validation.pipe.js';
import { PageSessionsService } from '../session/page-sessions.service.js';
import { renderSubscriptionsPage } from './subscriptions.page.js';

const subscriptionForm = new ZodValidationPipe(z.strictObject({ _csrf: z.string(), source: subscribedSourceSchema, distribution: subscribedDistributionSchema }));

/** `GET /subscriptions` and its forms: subscribe and unsubscribe as the signed-in viewer (what `POST/DELETE /api/subscriptions` do). */
@ApiExcludeController()
@Controller('subscriptions')
export class SubscriptionsPageController {
  constructor(
    private readonly pages: PageSessionsService,
    private readonly subscriptions: SubscriptionsService,
    private readonly settings: NotificationSettingsService,
    private readonly configuration: ConfigurationService,
  ) {}

  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  page(@Req() request: Request): string {
    const context = this.pages.context(request);
    const viewer = context.viewer;
    const admin = viewer?.role === 'admin';
    const distributions = [...this.configuration.current().repositories.values()].flatMap((config) => distributionsOf(config).filter((entry) => entry.rollback === undefined).map((entry) => entry.name));
    const settings = this.settings.current();
    return renderSubscriptionsPage(context, {
      subscriptions: viewer ? this.subscriptions.subscriptions(admin ? undefined : viewer.name) : [],
      ...(viewer?.principal.email === undefined ? {} : { address: viewer.principal.email }),
      distributions: [...new Set(distributions)].sort(),
      ...(admin ? { webhooks: settings.webhooks, deliveries: [...settings.deliveries].reverse().slice(0, 50) } : {}),
    });
  }

  @Post('subscribe')
  async subscribe(@Req() request: Request, @Res() response: Response): Promise<void> {
    const viewer = this.pages.requireForm(request, 'maintainer');
    const { source, distribution } = subscriptionForm.transform(request.body);
    const address = viewer.principal.email;
    if (address === undefined) throw new BadRequestException(`${viewer.name} has no e-mail address to mail: an admin sets one on the account`);
    await answerNotificationRequest(() => this.subscriptions.subscribe({ user: viewer.name, source, distribution, address }, actorOf(viewer.principal)));
    response.redirect(303, '/subscriptions');
  }

  @Post('unsubscribe')
  async unsubscribe(@Req() request: Request, @Res() response: Response): Promise<void> {
    const viewer = this.pages.requireForm(request, 'maintainer');
    const { source, distribution } = subscriptionForm.transform(request.body);
    await answerNotificationRequest(() => this.subscriptions.unsubscribe({ user: viewer.name, source, distribution }, actorOf(viewer.principal)));
    response.redirect(303, '/subscriptions');
  }
}
