import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { boundedLines } from './bounded-lines.js';

const collect = async (chunks: (string | Uint8Array)[], max?: number): Promise<string[]> => {
  const lines: string[] = [];
  for await (const line of boundedLines(Readable.from(chunks), max)) lines.push(line);
  return lines;
};

describe('boundedLines', () => {
  it('splits chunks into lines across chunk borders, drops CR before LF, and yields a last line without newline', async () => {
    expect(await collect(['a\nb', 'c\r\n', '\nlast'])).toEqual(['a', 'bc', '', 'last']);
  });

  it('decodes UTF-8 split across chunks', async () => {
    const bytes = Buffer.from('größe ✓\n');
    expect(await collect([bytes.subarray(0, 3), bytes.subarray(3, 9), bytes.subarray(9)])).toEqual(['größe ✓']);
  });

  it('cuts a line longer than the bound and drops the rest of it, never holding it whole', async () => {
    const lines = await collect(['y'.repeat(50), 'y'.repeat(100), '\nnext\n'], 64);
    expect(lines).toEqual([`${'y'.repeat(64)} [… line cut]`, 'next']);
  });
});
