import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lintianRows, logPhases, tailLines } from './build-log.js';

const sbuildLog = (name: string) => readFileSync(new URL(`../../../../builder/src/sbuild/testing/${name}`, import.meta.url), 'utf8');

describe('tailLines', () => {
  it('keeps the last lines of a long log and counts the rest', () => {
    const log = Buffer.from(Array.from({ length: 5000 }, (_, index) => `line ${index + 1}`).join('\n') + '\n');
    const tail = tailLines(log, 2000);
    expect(tail).toMatchObject({ totalLines: 5000, omittedLines: 3000, bytes: log.length });
    expect(tail.text.split('\n')).toHaveLength(2000);
    expect(tail.text.startsWith('line 3001\n')).toBe(true);
    expect(tail.text.endsWith('line 5000')).toBe(true);
  });

  it('gives a short log whole, with or without its final newline, and an empty log as nothing', () => {
    expect(tailLines(Buffer.from('a\nb\nc'), 3)).toEqual({ text: 'a\nb\nc', totalLines: 3, omittedLines: 0, bytes: 5 });
    expect(tailLines(Buffer.from('a\nb\nc\n'), 2)).toMatchObject({ text: 'b\nc', totalLines: 3, omittedLines: 1 });
    expect(tailLines(Buffer.from(''), 2)).toEqual({ text: '', totalLines: 0, omittedLines: 0, bytes: 0 });
  });
});

describe('logPhases', () => {
  it("reads sbuild's stages from a successful build's log, timed by its Summary", () => {
    const { stages, summary } = logPhases(sbuildLog('sbuild-successful.log'));
    expect(stages.map((stage) => stage.name)).toEqual([
      'Update chroot',
      'Fetch source files',
      'Install package build dependencies',
      'Check architectures',
      'Build environment',
      'Build',
      'Changes',
      'Buildinfo',
      'Package contents',
      'Post Build',
      'Cleanup',
      'Summary',
    ]);
    expect(stages[0]).toEqual({ name: 'Update chroot', line: 20, lines: 7 });
    expect(stages.find((stage) => stage.name === 'Install package build dependencies')).toMatchObject({ line: 40, seconds: 26 });
    expect(stages.find((stage) => stage.name === 'Build')).toMatchObject({ line: 110, seconds: 13 });
    expect(summary).toMatchObject({ Status: 'successful', 'Package-Time': '67' });
  });

  it("names the failed stage of an attempted build and finds nothing in a log without stages", () => {
    expect(logPhases(sbuildLog('sbuild-attempted.log')).summary).toMatchObject({ Status: 'attempted', 'Fail-Stage': 'build' });
    expect(logPhases('E: sbuild could not start\n')).toEqual({ stages: [] });
  });
});

describe('lintianRows', () => {
  it("splits lintian's tag lines and keeps a line it does not understand as it is", () => {
    expect(lintianRows(['E: hello source: missing-license', 'W: hello: binary-without-manpage', 'odd <b>line</b>'])).toEqual([
      { severity: 'error', package: 'hello', type: 'source', tag: 'missing-license' },
      { severity: 'warning', package: 'hello', type: 'binary', tag: 'binary-without-manpage' },
      { severity: '', package: '', type: '', tag: '', raw: 'odd <b>line</b>' },
    ]);
  });
});
