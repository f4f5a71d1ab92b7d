import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildReason, buildStatusOf, failureLine, parseSbuildSummary, schrootSessionOf, stageHeading } from './parse-sbuild-log.js';

const fixture = (name: string): string => readFileSync(new URL(`./testing/${name}`, import.meta.url), 'utf8');
const successful = fixture('sbuild-successful.log');
const attempted = fixture('sbuild-attempted.log');

const headings = (log: string): string[] =>
  log.split('\n').flatMap((line, index, lines) => {
    const heading = stageHeading(lines[index - 1], line);
    return heading === undefined ? [] : [heading];
  });

describe('sbuild log parsing (logs of real sbuild 0.85 runs)', () => {
  it('reads the Summary of a successful build', () => {
    const summary = parseSbuildSummary(successful);
    expect(summary).toMatchObject({ Status: 'successful', Package: 'mbd-test-all', Version: '1.0~test12+1', 'Build-Time': '13', Distribution: 'bookworm-test-unstable' });
    expect(summary?.['Fail-Stage']).toBeUndefined();
    expect(buildStatusOf(summary ?? {})).toBe('successful');
    expect(buildReason(summary ?? {}, successful)).toBe('sbuild: successful');
  });

  it('reads status, stage and the failing command of a build that failed', () => {
    const summary = parseSbuildSummary(attempted) ?? {};
    expect(buildStatusOf(summary)).toBe('attempted');
    expect(summary['Fail-Stage']).toBe('build');
    expect(failureLine(attempted)).toBe('dpkg-buildpackage: error: debian/rules binary-arch subprocess returned exit status 2');
    expect(buildReason(summary, attempted)).toBe('sbuild: attempted at stage build: dpkg-buildpackage: error: debian/rules binary-arch subprocess returned exit status 2');
  });

  it('has no summary when sbuild stopped before writing one', () => {
    const cut = successful.slice(0, successful.indexOf('| Summary'));
    expect(parseSbuildSummary(cut)).toBeUndefined();
  });

  it('counts an unknown status as failed', () => {
    expect(buildStatusOf({ Status: 'exploded' })).toBe('failed');
    expect(buildStatusOf({})).toBe('failed');
  });

  it('finds the sections in order, but not the package banner', () => {
    expect(headings(successful)).toEqual([
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
    expect(headings(attempted)).toContain('Cleanup');
    expect(headings(attempted)).not.toContain('Changes');
  });

  it('finds the schroot session in the log-filtering notice', () => {
    const line = successful.split('\n').find((candidate) => candidate.includes('var/run/schroot/mount')) ?? '';
    expect(schrootSessionOf(line)).toMatch(/^mbd-bookworm-amd64-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(schrootSessionOf('Reading package lists...')).toBeUndefined();
  });
});
