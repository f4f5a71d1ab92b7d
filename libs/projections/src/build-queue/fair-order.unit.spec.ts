import { describe, expect, it } from 'vitest';
import { fairOrder } from './fair-order.js';

const build = (uploader: string, requestedPosition: number) => ({ uploader, requestedPosition, id: `${uploader}${requestedPosition}` });

describe('fairOrder', () => {
  it('serves a lone late upload after one build of the uploader with a big batch, not after all of them', () => {
    const waiting = [build('a', 1), build('a', 2), build('a', 3), build('a', 4), build('b', 10)];
    expect(fairOrder(waiting).map((b) => b.id)).toEqual(['a1', 'b10', 'a2', 'a3', 'a4']);
  });

  it('keeps the oldest request first within a round, whatever the input order', () => {
    const waiting = [build('c', 7), build('b', 5), build('a', 9), build('b', 2), build('a', 3)];
    expect(fairOrder(waiting).map((b) => b.id)).toEqual(['b2', 'a3', 'c7', 'b5', 'a9']);
  });

  it('is plain oldest-first when every build has its own uploader', () => {
    const waiting = [build('x', 3), build('y', 1), build('z', 2)];
    expect(fairOrder(waiting).map((b) => b.requestedPosition)).toEqual([1, 2, 3]);
  });
});
