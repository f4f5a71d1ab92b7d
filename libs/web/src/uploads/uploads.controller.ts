import { Controller, HttpCode, Param, Put, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HttpUploadReceiver } from '@mbd/incoming';
import type { Request } from 'express';

/**
 * Uploads over HTTP (dput-ng's http method, CI systems): `PUT /upload/<file name>` for each file,
 * the .changes last; the same intake and the same rules as FTP incoming follow.
 */
@ApiTags('uploads')
@Controller('upload')
export class UploadsController {
  constructor(private readonly receiver: HttpUploadReceiver) {}

  @Put(':name')
  @HttpCode(201)
  @ApiOperation({ summary: 'Upload one file of an upload into incoming (plain file names only, size-limited)' })
  async put(@Param('name') name: string, @Req() request: Request) {
    const declared = request.headers['content-length'];
    await this.receiver.receive(name, request, declared === undefined ? undefined : Number(declared));
    return { received: name };
  }
}
