import { Observable, Subject } from 'rxjs';

/** The longest line a LogReplay keeps whole; longer ones are cut (a build log line is rarely over a few hundred bytes). */
export const LOG_REPLAY_MAX_LINE = 16 * 1024;

const cut = (line: string): string => (line.length > LOG_REPLAY_MAX_LINE ? `${line.slice(0, LOG_REPLAY_MAX_LINE)} [… line cut]` : line);

/**
 * A live build log for people watching: new lines go to every subscriber, and a late subscriber first
 * gets the latest lines, at most `maxBytes` of them (never the whole log, which may be large). It is an
 * rxjs observer too, so a BuildRun's log can be piped into it.
 */
export class LogReplay {
  private readonly lines: string[] = [];
  private bytes = 0;
  private readonly live = new Subject<string>();
  private ended: { readonly error?: unknown } | undefined;

  constructor(readonly maxBytes = 1024 * 1024) {}

  next(line: string): void {
    if (this.ended) return;
    const kept = cut(line);
    this.lines.push(kept);
    this.bytes += Buffer.byteLength(kept) + 1;
    while (this.bytes > this.maxBytes && this.lines.length > 1) this.bytes -= Buffer.byteLength(this.lines.shift() as string) + 1;
    this.live.next(kept);
  }

  complete(): void {
    if (this.ended) return;
    this.ended = {};
    this.live.complete();
  }

  error(error: unknown): void {
    if (this.ended) return;
    this.ended = { error };
    this.live.error(error);
  }

  /** Whether the log has ended (completed or failed). */
  get isComplete(): boolean {
    return this.ended !== undefined;
  }

  /** The bytes the replay holds now (at most maxBytes, or one cut line). */
  get size(): number {
    return this.bytes;
  }

  asObservable(): Observable<string> {
    return new Observable<string>((subscriber) => {
      for (const line of this.lines) subscriber.next(line);
      if (this.ended) {
        if ('error' in this.ended) subscriber.error(this.ended.error);
        else subscriber.complete();
        return undefined;
      }
      return this.live.subscribe(subscriber);
    });
  }
}
