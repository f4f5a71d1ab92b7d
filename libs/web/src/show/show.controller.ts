import { applyDecorators, Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ZodValidationPipe } from '../zod-validation.pipe.js';
import { listingQuerySchema, sourceParamSchema } from './listing-query.js';
import { SourceListingService } from './source-listing.service.js';
import type { ListingFilter } from './source-listing.js';

/** The path and query parameters `ls` and `show` share, for the API docs. */
const ListingParameters = () =>
  applyDecorators(
    ApiParam({ name: 'source', description: 'source package name' }),
    ApiQuery({ name: 'repositories', required: false, description: 'comma-separated repository identities (all when absent)' }),
    ApiQuery({ name: 'codenames', required: false, description: 'comma-separated codenames (all when absent)' }),
    ApiQuery({ name: 'version', required: false, description: 'only this exact version' }),
    ApiQuery({ name: 'min-version', required: false, description: 'only versions at least this one (dpkg ordering)' }),
  );

/** mini-buildd's `ls` and `show` of a source: anonymous reads of the repository state. */
@ApiTags('packages')
@Controller('api')
export class ShowController {
  constructor(private readonly listing: SourceListingService) {}

  @Get('ls/:source')
  @ApiOperation({ summary: 'Where a source is: {repository: {distribution: {version, component, architecture, rollbacks: {distribution: {…}}}}} (mini-buildd ls)' })
  @ListingParameters()
  ls(@Param('source', new ZodValidationPipe(sourceParamSchema)) source: string, @Query(new ZodValidationPipe(listingQuerySchema)) filter: ListingFilter) {
    return this.listing.ls(source, filter);
  }

  @Get('show/:source')
  @ApiOperation({
    summary: 'ls with each version\'s .dsc URL, the upload it came from, and per distribution uploadable, migratesTo, isMigrated (mini-buildd show)',
  })
  @ListingParameters()
  show(@Param('source', new ZodValidationPipe(sourceParamSchema)) source: string, @Query(new ZodValidationPipe(listingQuerySchema)) filter: ListingFilter) {
    return this.listing.show(source, filter);
  }
}
