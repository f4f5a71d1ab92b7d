import { BadRequestException, ConflictException, NotFoundException, type HttpException } from '@nestjs/common';
import type { SnapshotRefusalReason } from '@mbd/events';

/** The HTTP answer to a refused snapshot command (the refusal itself is recorded as SnapshotRefused). */
const statusOf: Readonly<Record<SnapshotRefusalReason, (message: string) => HttpException>> = {
  'not-stable-type': (message) => new BadRequestException(message),
  'name-invalid': (message) => new BadRequestException(message),
  'name-exists': (message) => new ConflictException(message),
  'snapshot-absent': (message) => new NotFoundException(message),
};

/** Throws the HTTP error of a refused snapshot command; returns the result otherwise. */
export const answerSnapshotCommand = <T extends { readonly refused?: { readonly reason: SnapshotRefusalReason; readonly message: string } }>(result: T): T => {
  if (result.refused) throw statusOf[result.refused.reason](result.refused.message);
  return result;
};
