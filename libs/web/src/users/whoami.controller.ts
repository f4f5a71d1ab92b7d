import { Controller, Get, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Authenticated } from '../auth/authenticated.decorator.js';

import { principalOf } from '../auth/principal.js';

/** Who the presented token is: what `mbd set-user-key` and the account page start from. */
@ApiTags('users')
@Controller('api/whoami')
export class WhoamiController {
  @Get()
  @Authenticated('maintainer', 'account')
  @ApiOperation({ summary: 'The caller as the daemon sees it: name, role, how authenticated, the token id and its limits' })
  whoami(@Req() request: Request) {
    return principalOf(request);
  }
}
