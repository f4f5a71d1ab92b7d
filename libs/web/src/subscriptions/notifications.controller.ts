import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { NotificationSettingsService } from '@mbd/workflows';
import { Authenticated } from '../auth/authenticated.decorator.js';

/** The latest notification deliveries and their failures (NotificationSent / NotificationFailed), newest first. */
@ApiTags('notifications')
@Controller('api/notifications')
export class NotificationsController {
  constructor(private readonly settings: NotificationSettingsService) {}

  @Get()
  @Authenticated()
  @ApiOperation({ summary: 'Recent mail and webhook deliveries: target, the event position and type, attempts, the error of a failure' })
  list() {
    return [...this.settings.current().deliveries].reverse();
  }
}
