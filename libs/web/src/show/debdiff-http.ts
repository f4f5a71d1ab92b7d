import { HttpException, HttpStatus, InternalServerErrorException, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import { DebdiffError } from '@mbd/workflows';
import type { Response } from 'express';

/** The HTTP answer to a debdiff that could not run: unknown version 404, busy or too slow 503 (busy with Retry-After). */
export function debdiffHttpError(error: unknown, response: Response): unknown {
  if (!(error instanceof DebdiffError)) return error;
  switch (error.code) {
    case 'version-unknown':
      return new NotFoundException(error.message);
    case 'busy':
      response.setHeader('Retry-After', String(error.retryAfterSeconds ?? 10));
      return new ServiceUnavailableException(error.message);
    case 'timed-out':
      return new HttpException(error.message, HttpStatus.SERVICE_UNAVAILABLE);
    case 'failed':
      return new InternalServerErrorException(error.message);
  }
}
