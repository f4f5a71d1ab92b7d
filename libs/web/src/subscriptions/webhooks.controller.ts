import { Body, Controller, Delete, Get, Post, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { notifiedEventTypeSchema, webhookUrlSchema } from '@mbd/events';
import { SubscriptionsService } from '@mbd/workflows';
import type { Request } from 'express';
import { z } from 'zod';
import { Authenticated } from '../auth/authenticated.decorator.js';
import { actorOf, principalOf } from '../auth/principal.js';
import { ZodValidationPipe } from '../zod-validation.pipe.js';
import { answerNotificationRequest } from './subscriptions.controller.js';

const webhookSchema = z.strictObject({
  url: webhookUrlSchema,
  /** Only these events (default: every notified event). */
  events: z.array(notifiedEventTypeSchema).min(1).optional(),
});
const removeSchema = z.strictObject({ url: webhookUrlSchema });

/**
 * Webhooks: each rejection, failed build, install, migration and removal is POSTed as JSON to every
 * webhook, with `X-Mbd-Signature: sha256=<HMAC-SHA256 of the body keyed with MBD_WEBHOOK_SECRET>`.
 */
@ApiTags('notifications')
@Controller('api/webhooks')
export class WebhooksController {
  constructor(private readonly subscriptions: SubscriptionsService) {}

  @Get()
  @Authenticated()
  @ApiOperation({ summary: 'The webhooks and the events each gets' })
  list() {
    return this.subscriptions.webhooks();
  }

  @Post()
  @Authenticated()
  @ApiOperation({ summary: 'Add a webhook {url (http or https, no credentials), events?}' })
  add(@Req() request: Request, @Body(new ZodValidationPipe(webhookSchema)) body: z.infer<typeof webhookSchema>) {
    return this.subscriptions.addWebhook(body, actorOf(principalOf(request)));
  }

  @Delete()
  @Authenticated()
  @ApiOperation({ summary: 'Remove the webhook {url}' })
  remove(@Req() request: Request, @Body(new ZodValidationPipe(removeSchema)) body: z.infer<typeof removeSchema>) {
    return answerNotificationRequest(() => this.subscriptions.removeWebhook(body.url, actorOf(principalOf(request))));
  }
}
