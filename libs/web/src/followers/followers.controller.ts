import { BadRequestException, Controller, Param, Post, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ParkedEventsService } from '@mbd/workflows';
import type { Request } from 'express';
import { Authenticated } from '../auth/authenticated.decorator.js';
import { requestCommand } from '../auth/request-command.js';

const FOLLOWER = /^[a-z][a-z0-9-]{0,62}$/;

/** The followers of the log: their state is in /api/status; here an operator retries what one parked. */
@ApiTags('followers')
@Controller('api/followers')
export class FollowersController {
  constructor(private readonly parked: ParkedEventsService) {}

  @Post(':follower/parked/:position/retry')
  @Authenticated()
  @ApiOperation({ summary: 'Hand a parked event back to its follower (after fixing what made it fail)' })
  retry(@Req() request: Request, @Param('follower') follower: string, @Param('position') position: string) {
    if (!FOLLOWER.test(follower)) throw new BadRequestException(`"${follower}" is not a follower name`);
    if (!/^\d{1,15}$/.test(position) || Number(position) < 1) throw new BadRequestException(`"${position}" is not a log position`);
    return this.parked.retry(follower, Number(position), requestCommand(request));
  }
}
