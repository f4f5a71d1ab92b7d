/**
 * A deterministic generator of Debian version pairs that stress dpkg's ordering: tildes, epochs,
 * digits against letters, `+`, `.` and `-` in upstream, empty revisions, leading zeros, long digit
 * runs, upper and lower case. Half of the pairs are near-twins (one mutation apart), where ordering
 * bugs show. Used by the dpkg agreement test and the benchmark.
 */
export function versionPairs(count: number, seed = 0x6d6264): Array<readonly [string, string]> {
  const random = mulberry32(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const digits = (): string => {
    const r = random();
    if (r < 0.1) return '0'.repeat(1 + Math.floor(random() * 3)) + String(Math.floor(random() * 20));
    if (r < 0.11) return Array.from({ length: 16 + Math.floor(random() * 30) }, () => pick('0123456789'.split(''))).join('');
    return String(Math.floor(random() * (random() < 0.7 ? 12 : 2000)));
  };
  const word = (): string => pick(['a', 'b', 'z', 'A', 'Z', 'rc', 'RC', 'alpha', 'beta', 'dfsg', 'git', 'ubuntu', 'deb', 'b', 'bpo', 'pre']);
  const separator = (withHyphen: boolean): string => pick(withHyphen ? ['.', '+', '~', '-', '.', '~~'] : ['.', '+', '~', '.', '~~', '']);
  const run = (allowHyphen: boolean, parts: number): string => {
    let out = '';
    for (let i = 0; i < parts; i++) {
      const r = random();
      out += r < 0.55 ? digits() : r < 0.85 ? word() : separator(allowHyphen);
    }
    return out;
  };
  const version = (): string => {
    const epoch = random() < 0.25 ? `${pick(['0', '1', '2', '00', '10', '0001'])}:` : '';
    const hasRevision = random() < 0.6;
    let upstream = digits() + run(hasRevision, Math.floor(random() * 6));
    if (epoch !== '' && random() < 0.05) upstream += `:${digits()}`;
    const revision = hasRevision ? `-${pick(['0', '1', '01', '2', ''])}${run(false, Math.floor(random() * 4))}` : '';
    return `${epoch}${upstream}${revision === '-' ? '-1' : revision}`;
  };
  const mutate = (v: string): string => {
    switch (Math.floor(random() * 10)) {
      case 0: return `${v}~`;
      case 1: return `${v}${pick(['+b1', '.1', 'a', '~rc1', '+', 'A', '0', '~~'])}`;
      case 2: return v.replace(/[0-9]+/, (d) => `0${d}`);
      case 3: return v.replace(/[0-9]+(?=[^0-9]*$)/, (d) => String(BigInt(d) + 1n));
      case 4: return /^\d+:/.test(v) ? v.replace(/^\d+:/, pick(['0:', '2:', '00:'])) : `1:${v}`;
      case 5: return v.replace(/[a-z]/, (c) => c.toUpperCase());
      case 6: return v.replace(/~/, '+');
      case 7: return v.includes('-') ? v.slice(0, v.lastIndexOf('-')) + (v.slice(0, v.lastIndexOf('-')).includes('-') ? '-0' : '') : `${v}-0`;
      case 8: return v.replace(/\.(?=[^.]*$)/, '~');
      default: return v;
    }
  };
  const pairs: Array<readonly [string, string]> = [];
  for (let i = 0; i < count; i++) {
    const a = version();
    pairs.push([a, random() < 0.5 ? mutate(a) : version()]);
  }
  return pairs;
}

/** A small, fast, seedable PRNG (public domain), so the corpus is the same on every run. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
