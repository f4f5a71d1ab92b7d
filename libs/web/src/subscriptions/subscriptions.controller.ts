import { BadRequestException, Body, ConflictException, Controller, Delete, ForbiddenException, Get, NotFoundException, Post, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { subscribedDistributionSchema, subscribedSourceSchema } from '@mbd/events';
import { NotificationRequestError, SubscriptionLimitError, SubscriptionsService } from '@mbd/workflows';
import type { Request } from 'express';
import { z } from 'zod';
import { Authenticated } from '../auth/authenticated.decorator.js';
import { actorOf, principalOf } from '../auth/principal.js';
import { roleAllows } from '../auth/roles.js';
import { ZodValidationPipe } from '../zod-validation.pipe.js';

const subscriptionSchema = z.strictObject({
  /** A source package or `*` (every one). */
  source: subscribedSourceSchema.default('*'),
  /** A distribution (`bookworm-test-unstable`) or `*` (every one). */
  distribution: subscribedDistributionSchema.default('*'),
  /** Where the mail goes, if not to the caller's own address: only an admin may name one. */
  address: z.email().max(254).optional(),
});
type SubscriptionBody = z.infer<typeof subscriptionSchema>;
const unsubscribeSchema = subscriptionSchema.omit({ address: true });

/** A request naming nothing there is a 404, one subscription too many a 409, with the service's words. */
export async function answerNotificationRequest<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof NotificationRequestError) throw new NotFoundException(error.message);
    if (error instanceof SubscriptionLimitError) throw new ConflictException(error.message);
    throw error;
  }
}

/**
 * mini-buildd's subscribe, unsubscribe and subscriptions: a signed-in user is mailed when a source
 * (or every one) is rejected, fails to build, is installed, migrated or removed in a distribution (or any).
 */
@ApiTags('subscriptions')
@Controller('api/subscriptions')
export class SubscriptionsController {
  constructor(private readonly subscriptions: SubscriptionsService) {}

  @Get()
  @Authenticated('maintainer')
  @ApiOperation({ summary: 'subscriptions: your own subscriptions (an admin sees everyone’s)' })
  list(@Req() request: Request) {
    const principal = principalOf(request);
    return this.subscriptions.subscriptions(roleAllows(principal.role, 'admin') ? undefined : principal.name);
  }

  @Post()
  @Authenticated('maintainer')
  @ApiOperation({ summary: 'subscribe {source|*, distribution|*}: mail about it goes to your e-mail address (an admin may name an `address`); 409 beyond 100 subscriptions' })
  subscribe(@Req() request: Request, @Body(new ZodValidationPipe(subscriptionSchema)) body: SubscriptionBody) {
    const principal = principalOf(request);
    if (body.address !== undefined && !roleAllows(principal.role, 'admin')) throw new ForbiddenException('only an admin may name an address: your mail goes to the address of your account');
    const address = body.address ?? principal.email;
    if (address === undefined)
      throw new BadRequestException(`${principal.name} has no e-mail address to mail: set one on the account${roleAllows(principal.role, 'admin') ? ', or name an `address`' : ''}`);
    return answerNotificationRequest(() => this.subscriptions.subscribe({ user: principal.name, source: body.source, distribution: body.distribution, address }, actorOf(principal)));
  }

  @Delete()
  @Authenticated('maintainer')
  @ApiOperation({ summary: 'unsubscribe {source|*, distribution|*}: remove one of your subscriptions' })
  unsubscribe(@Req() request: Request, @Body(new ZodValidationPipe(unsubscribeSchema)) body: z.infer<typeof unsubscribeSchema>) {
    const principal = principalOf(request);
    return answerNotificationRequest(() => this.subscriptions.unsubscribe({ user: principal.name, ...body }, actorOf(principal)));
  }
}
