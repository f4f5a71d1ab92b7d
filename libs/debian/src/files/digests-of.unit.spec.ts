import { describe, expect, it } from 'vitest';
import { digestsOf } from './digests-of.js';

describe('digestsOf', () => {
  it('gives the size and the three checksums a .changes lists', () => {
    expect(digestsOf(Buffer.from('hello\n'))).toEqual({
      size: 6,
      md5: 'b1946ac92492d2347c6235b4d2611184',
      sha1: 'f572d396fae9206628714fb2ce00f72e94f2258f',
      sha256: '5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03',
    });
  });
});
