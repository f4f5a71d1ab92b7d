import {
  Inject,
  Injectable,
  ServiceUnavailableException,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Observable } from 'rxjs';

export const MAX_SSE_CONNECTIONS = Symbol('MAX_SSE_CONNECTIONS');

/** Open server-sent event streams of this process, at most `max` (MBD_MAX_SSE_CONNECTIONS). */
@Injectable()
export class SseConnections {
  private open = 0;

  constructor(@Inject(MAX_SSE_CONNECTIONS) readonly max: number) {}

  /** Takes a place; false when all are taken. */
  acquire(): boolean {
    if (this.open >= this.max) return false;
    this.open++;
    return true;
  }

  release(): void {
    this.open = Math.max(0, this.open - 1);
  }

  count(): number {
    return this.open;
  }
}

/**
 * Put on every `@Sse` handler: over the cap the stream is answered 503 with a message; a stream that
 * gets a place keeps it until its response closes, and its socket is exempt from the idle timeout
 * (a build can be silent for minutes).
 */
@Injectable()
export class SseLimitInterceptor implements NestInterceptor {
  constructor(private readonly connections: SseConnections) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    if (!this.connections.acquire()) {
      response.setHeader('Retry-After', '30');
      throw new ServiceUnavailableException(`${this.connections.max} live streams are open, the most allowed (MBD_MAX_SSE_CONNECTIONS); try again later`);
    }
    response.once('close', () => this.connections.release());
    request.socket.setTimeout(0);
    return next.handle();
  }
}
