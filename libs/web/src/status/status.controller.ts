import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { StatusRegistry } from './status.service.js';

@ApiTags('status')
@Controller('api/status')
export class StatusController {
  private readonly startedAt = new Date();

  constructor(private readonly registry: StatusRegistry) {}

  @Get()
  @ApiOperation({ summary: 'Daemon status: event store, projections, archive reactor, builds, incoming' })
  async status() {
    return {
      version: '0.1.0',
      startedAt: this.startedAt.toISOString(),
      uptimeSeconds: Math.round((Date.now() - this.startedAt.getTime()) / 1000),
      ...(await this.registry.collect()),
    };
  }
}
