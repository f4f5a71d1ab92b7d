import { describe, expect, it } from 'vitest';
import { DebianParseError } from '../errors.js';
import { parsePackageName } from '../names/package-name.js';
import { formatVersion, parseVersion } from '../version/debian-version.js';
import { parseChangelog } from './parse-changelog.js';
import { prependChangelogEntry, writeChangelogEntry, writePortEntry } from './write-changelog-entry.js';

const changelog = `hello (2.10-3~bpo12+1) bookworm-backports; urgency=high, binary-only=yes

  * Rebuild for bookworm-backports.

 -- Jane Doe <jane@example.org>  Tue, 05 Mar 2024 23:30:00 -0130

hello (2.10-3) unstable experimental; urgency=medium

  [ John ]
  * Fix the build.
    (Closes: #1000)

  * Second paragraph.

 -- John Roe <john@example.org>  Mon, 01 Jan 2024 00:00:00 +0000

Local variables:
mode: debian-changelog
End:
`;

describe('parseChangelog', () => {
  it('reads every entry: header, options, changes, trailer and date', () => {
    const [first, second, ...rest] = parseChangelog(changelog);
    expect(rest).toEqual([]);
    expect(first).toMatchObject({
      package: 'hello',
      distributions: ['bookworm-backports'],
      urgency: 'high',
      options: { 'binary-only': 'yes' },
      changes: ['* Rebuild for bookworm-backports.'],
      maintainer: 'Jane Doe <jane@example.org>',
      date: 'Tue, 05 Mar 2024 23:30:00 -0130',
      line: 1,
    });
    expect(formatVersion(first!.version)).toBe('2.10-3~bpo12+1');
    expect(first!.time.toISOString()).toBe('2024-03-06T01:00:00.000Z');
    expect(second).toMatchObject({ distributions: ['unstable', 'experimental'], line: 7, changes: ['[ John ]', '* Fix the build.', '  (Closes: #1000)', '', '* Second paragraph.'] });
    expect(parseChangelog(changelog, { maxEntries: 1 })).toHaveLength(1);
  });

  it.each([
    ['hello 2.10 unstable; urgency=low\n', 1, /expected an entry header/],
    ['hello (2.10) unstable;\n\n  * x\n\n -- A <a@b>  Mon, 01 Jan 2024 00:00:00 +0000\n', 1, /no urgency=/],
    ['hello (2.10) unstable; urgency=low\n\n  * x\n', 3, /has no trailer line/],
    ['hello (2.10) unstable; urgency=low\n\n  * x\n -- A <a@b> Mon, 01 Jan 2024 00:00:00 +0000\n', 4, /two spaces before the date/],
    ['hello (2.10) unstable; urgency=low\n\n  * x\n -- A <a@b>  yesterday\n', 4, /not an RFC 2822 date/],
    ['hello (2.10) unstable; urgency=low\n\n  * x\n -- A <a@b>  Mon, 31 Feb 2024 00:00:00 +0000\n', 4, /not an RFC 2822 date/],
    ['hello (2.10) unstable; urgency=low\n\n* x\n', 3, /indented by two spaces/],
    ['hello (a.1) unstable; urgency=low\n', 1, /does not start with digit/],
    ['', 1, /no entries/],
  ])('refuses %j on line %i', (text, line, message) => {
    const error = (() => {
      try {
        parseChangelog(text);
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(DebianParseError);
    expect((error as DebianParseError).line).toBe(line);
    expect((error as DebianParseError).message).toMatch(message);
  });
});

describe('writeChangelogEntry', () => {
  const date = new Date('2026-11-25T06:30:00Z');

  it('writes an entry that parses back to the same values', () => {
    const written = writeChangelogEntry({
      package: parsePackageName('hello'),
      version: parseVersion('1:2.10-3+port1'),
      distributions: ['bookworm-test-unstable'],
      changes: ['* First.', '  continued', '', '* Second.'],
      maintainer: 'Mbd <mbd@example.org>',
      date,
    });
    expect(written).toBe(
      'hello (1:2.10-3+port1) bookworm-test-unstable; urgency=medium\n\n  * First.\n    continued\n\n  * Second.\n\n -- Mbd <mbd@example.org>  Wed, 25 Nov 2026 06:30:00 +0000\n',
    );
    const [entry] = parseChangelog(written);
    expect(entry).toMatchObject({ changes: ['* First.', '  continued', '', '* Second.'], maintainer: 'Mbd <mbd@example.org>', urgency: 'medium' });
    expect(entry!.time).toEqual(date);
  });

  it('writes a no-changes port entry on top of a changelog', () => {
    const port = writePortEntry({ package: parsePackageName('hello'), version: parseVersion('2.10-3~test12+1'), distribution: 'bookworm-test-unstable', maintainer: 'Mbd <mbd@example.org>', date });
    const entries = parseChangelog(prependChangelogEntry(changelog, port));
    expect(entries).toHaveLength(3);
    expect(entries[0]).toMatchObject({ distributions: ['bookworm-test-unstable'], changes: ['* Rebuild/port for bookworm-test-unstable.'] });
    expect(entries[1]!.line).toBe(7);
  });

  it('refuses a maintainer that is not "Name <email>" and an entry without changes', () => {
    const base = { package: parsePackageName('hello'), version: parseVersion('1.0'), distributions: ['unstable'], date };
    expect(() => writeChangelogEntry({ ...base, changes: ['x'], maintainer: 'nobody' })).toThrow(/not "Name <email>"/);
    expect(() => writeChangelogEntry({ ...base, changes: [], maintainer: 'A <a@b>' })).toThrow(/at least one change/);
  });
});
