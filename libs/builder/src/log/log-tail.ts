/** The last lines of a log, at most `maxBytes` of them: what is needed of a long log to read its end. */
export class LogTail {
  private readonly lines: string[] = [];
  private bytes = 0;

  constructor(readonly maxBytes: number) {}

  push(line: string): void {
    this.lines.push(line);
    this.bytes += Buffer.byteLength(line) + 1;
    while (this.bytes > this.maxBytes && this.lines.length > 1) this.bytes -= Buffer.byteLength(this.lines.shift() as string) + 1;
  }

  text(): string {
    return this.lines.join('\n');
  }
}
