/** The longest line kept whole when reading a tool's output; the rest of a longer line is dropped. */
export const MAX_LINE_CHARS = 64 * 1024;

/**
 * The lines of a text stream (a tool's stdout), like readline but with a bound: a line longer than
 * `maxLineChars` is cut there and the rest of it dropped, so output without newlines never piles up in
 * memory. Lines end at `\n` (a `\r` before it is dropped); a last line without one is yielded too.
 */
export async function* boundedLines(input: AsyncIterable<string | Uint8Array>, maxLineChars = MAX_LINE_CHARS): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let line = '';
  let cut = false;
  const push = (text: string): void => {
    if (cut) return;
    if (line.length + text.length > maxLineChars) {
      line += text.slice(0, maxLineChars - line.length);
      line += ' [… line cut]';
      cut = true;
      return;
    }
    line += text;
  };
  const finish = (): string => {
    const done = line.endsWith('\r') ? line.slice(0, -1) : line;
    line = '';
    cut = false;
    return done;
  };
  for await (const chunk of input) {
    const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    let start = 0;
    for (let end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
      push(text.slice(start, end));
      yield finish();
      start = end + 1;
    }
    push(text.slice(start));
  }
  push(decoder.decode());
  if (line.length > 0) yield finish();
}
