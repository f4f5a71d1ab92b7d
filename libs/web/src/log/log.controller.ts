import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { EventStore, readAllPages, verifyChain } from '@mbd/events';

@ApiTags('log')
@Controller('api/log')
export class LogController {
  constructor(private readonly store: EventStore) {}

  @Get('verify')
  @ApiOperation({ summary: 'Recompute the hash chain of the whole log; reports the first broken position' })
  verify() {
    return verifyChain(readAllPages(this.store));
  }
}
