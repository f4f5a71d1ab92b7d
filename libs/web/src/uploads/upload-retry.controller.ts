import { Body, ConflictException, Controller, HttpCode, NotFoundException, Param, Post, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { UploadRetryError, UploadRetryService } from '@mbd/workflows';
import type { Request } from 'express';
import { z } from 'zod';
import { Authenticated } from '../auth/authenticated.decorator.js';
import { uploadOfParam } from '../auth/repository-reach.js';
import { requestCommand } from '../auth/request-command.js';
import { ZodValidationPipe } from '../zod-validation.pipe.js';

/** An upload id as the upload streams take it (`upload-<id>`). */
export const uploadIdSchema = z.string().max(200).regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, 'an upload id is letters, digits and . _ : -');
const retrySchema = z.strictObject({ reason: z.string().min(1).max(500).optional() });

/** An unknown upload is a 404; a refused retry (recorded as UploadRetryRefused) a 409 with every reason. */
const httpError = (error: unknown): unknown => {
  if (!(error instanceof UploadRetryError)) return error;
  return error.code === 'upload-unknown' ? new NotFoundException(error.message) : new ConflictException(error.message);
};

/** mini-buildd's `retry` of a whole upload, by the admin (the token holder). */
@ApiTags('uploads')
@Controller('api/uploads')
export class UploadRetryController {
  constructor(private readonly retries: UploadRetryService) {}

  @Post(':uploadId/retry')
  @HttpCode(201)
  @Authenticated('staff', uploadOfParam)
  @ApiOperation({
    summary:
      'Take a rejected or failed upload in again as a new upload (<id>.retry<n>, its UploadReceived names retryOf), e.g. after a configuration change; 409 with the reasons when it may not be retried',
  })
  retry(
    @Req() request: Request,
    @Param('uploadId', new ZodValidationPipe(uploadIdSchema)) uploadId: string,
    @Body(new ZodValidationPipe(retrySchema)) body: z.infer<typeof retrySchema>,
  ) {
    const metadata = requestCommand(request);
    return this.retries.retry(uploadId, body.reason, metadata).catch((error: unknown) => {
      throw httpError(error);
    });
  }
}
