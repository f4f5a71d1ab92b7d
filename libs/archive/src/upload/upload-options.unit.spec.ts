import { describe, expect, it } from 'vitest';
import { MAX_UPLOAD_OPTIONS, parseUploadOptions, resolveUploadOptions, topChangelogBlock } from './upload-options.js';

/** A .changes Changes field as parseChanges gives it: first line empty, the leading space of each line removed. */
const changes = (...items: string[]) =>
  ['', 'hello (1.0-1~test12+1) bookworm-test-unstable; urgency=medium', '.', '  * New upstream release.', ...items].join('\n');

describe('parseUploadOptions', () => {
  it('reads every option of the top changelog block, with and without an architecture', () => {
    const parsed = parseUploadOptions(
      changes(
        '  * MINI_BUILDD_OPTION: lintian-mode=ignore',
        '  * MINI_BUILDD_OPTION: lintian-mode[i386]=errfail',
        '  * MINI_BUILDD_OPTION: internal-apt-priority=543',
        '  * MINI_BUILDD_OPTION: deb-build-options=nocheck parallel=2',
        '  * MINI_BUILDD_OPTION: deb-build-profiles[amd64]=nodoc,nocheck',
        '  * MINI_BUILDD_OPTION: add-depends=libfoo-dev (>= 1.2~), bar | baz',
        '  * MINI_BUILDD_OPTION: auto-ports=bullseye-test-unstable,trixie-test-unstable',
      ),
    );
    expect(parsed.problems).toEqual([]);
    expect(parsed.options).toEqual([
      { key: 'lintian-mode', value: 'ignore' },
      { key: 'lintian-mode', architecture: 'i386', value: 'errfail' },
      { key: 'internal-apt-priority', value: '543' },
      { key: 'deb-build-options', value: 'nocheck parallel=2' },
      { key: 'deb-build-profiles', architecture: 'amd64', value: 'nodoc,nocheck' },
      { key: 'add-depends', value: 'libfoo-dev (>= 1.2~), bar | baz' },
      { key: 'auto-ports', value: 'bullseye-test-unstable,trixie-test-unstable' },
    ]);
  });

  it('takes spaces around the parts and a value wrapped onto the next line, as dch and people write them', () => {
    const parsed = parseUploadOptions(
      changes(
        '  *   MINI_BUILDD_OPTION :  piuparts-mode [ amd64 ] =  warnfail  ',
        '  * MINI_BUILDD_OPTION: auto-ports=bullseye-test-unstable,',
        '    trixie-test-unstable',
        '  * Unrelated entry.',
      ),
    );
    expect(parsed).toEqual({
      options: [
        { key: 'piuparts-mode', architecture: 'amd64', value: 'warnfail' },
        { key: 'auto-ports', value: 'bullseye-test-unstable, trixie-test-unstable' },
      ],
      problems: [],
    });
    expect(resolveUploadOptions(parsed.options).autoPorts).toEqual(['bullseye-test-unstable', 'trixie-test-unstable']);
  });

  it('reads only the top changelog block: options of older entries carried in the .changes (-v) do not count', () => {
    const text = [
      changes('  * MINI_BUILDD_OPTION: lintian-mode=warnfail'),
      '',
      'hello (1.0-0~test12+1) bookworm-test-unstable; urgency=medium',
      '.',
      '  * MINI_BUILDD_OPTION: lintian-mode=disabled',
      '  * MINI_BUILDD_OPTION: bogus=1',
    ].join('\n');
    expect(topChangelogBlock(text)).not.toContain('  * MINI_BUILDD_OPTION: bogus=1');
    expect(parseUploadOptions(text)).toEqual({ options: [{ key: 'lintian-mode', value: 'warnfail' }], problems: [] });
  });

  it('finds nothing in a changelog without options, and ignores the keyword in prose that is not an option line', () => {
    expect(parseUploadOptions(changes())).toEqual({ options: [], problems: [] });
    expect(parseUploadOptions(changes('  * Document MINI_BUILDD_OPTION: lintian-mode=ignore in the README.'))).toEqual({ options: [], problems: [] });
    expect(parseUploadOptions('')).toEqual({ options: [], problems: [] });
  });

  it('names unknown, duplicate and invalid options with mini-buildd\'s words, every one of them', () => {
    const { options, problems } = parseUploadOptions(
      changes(
        '  * MINI_BUILDD_OPTION: lintian-mod=ignore',
        '  * MINI_BUILDD_OPTION: lintian-mode=ignore',
        '  * MINI_BUILDD_OPTION: lintian-mode=errfail',
        '  * MINI_BUILDD_OPTION: lintian-mode[amd64]=ignore',
        '  * MINI_BUILDD_OPTION: lintian-mode[amd64]=ignore',
        '  * MINI_BUILDD_OPTION: autopkgtest-mode=sometimes',
        '  * MINI_BUILDD_OPTION: internal-apt-priority=high',
        '  * MINI_BUILDD_OPTION: internal-apt-priority[amd64]=5',
        '  * MINI_BUILDD_OPTION: auto-ports=unstable',
        '  * MINI_BUILDD_OPTION: ignore-lintian=maybe',
        '  * MINI_BUILDD_OPTION: deb-build-options=',
        '  * MINI_BUILDD_OPTION: no equals sign',
      ),
    );
    expect(options).toEqual([{ key: 'lintian-mode', value: 'ignore' }, { key: 'lintian-mode', architecture: 'amd64', value: 'ignore' }]);
    expect(problems).toEqual([
      expect.stringMatching(/^Unknown upload option 'lintian-mod' \(known: lintian-mode, /),
      "Duplicate upload option 'lintian-mode'",
      "Duplicate upload option 'lintian-mode[amd64]'",
      "Invalid upload option value 'autopkgtest-mode=sometimes': must be one of disabled, ignore, errfail, warnfail",
      "Invalid upload option value 'internal-apt-priority=high': must be an apt pin priority, a whole number from -32768 to 32767",
      "Invalid upload option 'internal-apt-priority[amd64]': internal-apt-priority applies to the whole upload, not to one architecture",
      "Invalid upload option value 'auto-ports=unstable': 'unstable' is not a distribution <codename>-<repository>-<suite>",
      "Invalid upload option value 'ignore-lintian=maybe': Bool value must be one of true,1,false,0",
      "Invalid upload option value 'deb-build-options=': the value is empty",
      "Malformed upload option 'no equals sign': write MINI_BUILDD_OPTION: <key>[<arch>]=<value>",
    ]);
  });

  it('refuses hostile values: shell and option injection, control characters, rollbacks, huge input', () => {
    const { problems } = parseUploadOptions(
      changes(
        '  * MINI_BUILDD_OPTION: deb-build-options=nocheck;rm -rf /',
        '  * MINI_BUILDD_OPTION: deb-build-profiles=$(reboot)',
        '  * MINI_BUILDD_OPTION: add-depends=--chroot-setup-commands=touch /x',
        '  * MINI_BUILDD_OPTION: add-depends[amd64]=foo\'; reboot; \'',
        '  * MINI_BUILDD_OPTION: lintian-mode[../x]=ignore',
        '  * MINI_BUILDD_OPTION: lintian-mode[amd64\x1b[31m]=ignore',
        '  * MINI_BUILDD_OPTION: auto-ports=bookworm-test-stable-rollback0',
        '  * MINI_BUILDD_OPTION: internal-apt-priority=99999999',
        `  * MINI_BUILDD_OPTION: add-depends=${'a'.repeat(2000)}`,
      ),
    );
    expect(problems).toHaveLength(9);
    expect(problems.every((problem) => /^(Invalid upload option|Malformed upload option)/.test(problem))).toBe(true);
    expect(problems.join('\n')).not.toContain('\x1b');
    expect(problems[8]).toMatch(/longer than 1000 characters$/);
    expect(problems[8]!.length).toBeLessThan(200);
    expect(parseUploadOptions(changes('  * MINI_BUILDD_OPTION: auto-ports=bookworm-test-stable, bookworm-test-stable')).problems).toEqual([
      "Invalid upload option value 'auto-ports=bookworm-test-stable, bookworm-test-stable': a distribution is listed twice",
    ]);
  });

  it('stops at a bound on the number of options', () => {
    const many = Array.from({ length: MAX_UPLOAD_OPTIONS + 1 }, (_, index) => `  * MINI_BUILDD_OPTION: lintian-mode[a${index}]=ignore`);
    expect(parseUploadOptions(changes(...many))).toEqual({ options: [], problems: [`Too many upload options: ${MAX_UPLOAD_OPTIONS + 1} (at most ${MAX_UPLOAD_OPTIONS})`] });
  });
});

describe('resolveUploadOptions', () => {
  const { options } = parseUploadOptions(
    changes(
      '  * MINI_BUILDD_OPTION: lintian-mode=ignore',
      '  * MINI_BUILDD_OPTION: lintian-mode[i386]=warnfail',
      '  * MINI_BUILDD_OPTION: deb-build-options[arm64]=nocheck parallel=2',
      '  * MINI_BUILDD_OPTION: deb-build-profiles=nodoc, nocheck',
      '  * MINI_BUILDD_OPTION: add-depends[amd64]=libfoo-dev',
      '  * MINI_BUILDD_OPTION: internal-apt-priority=500',
    ),
  );

  it('gives an architecture its own value over the plain one, and the plain one to the others', () => {
    expect(resolveUploadOptions(options, 'i386')).toEqual({ lintianMode: 'warnfail', debBuildProfiles: ['nodoc', 'nocheck'], internalAptPriority: 500 });
    expect(resolveUploadOptions(options, 'arm64')).toEqual({
      lintianMode: 'ignore',
      debBuildOptions: ['nocheck', 'parallel=2'],
      debBuildProfiles: ['nodoc', 'nocheck'],
      internalAptPriority: 500,
    });
    expect(resolveUploadOptions(options, 'amd64')).toMatchObject({ lintianMode: 'ignore', addDepends: ['libfoo-dev'] });
  });

  it('without an architecture (the source) takes only the plain values', () => {
    expect(resolveUploadOptions(options)).toEqual({ lintianMode: 'ignore', debBuildProfiles: ['nodoc', 'nocheck'], internalAptPriority: 500 });
    expect(resolveUploadOptions([])).toEqual({});
  });

  it('reads mini-buildd\'s deprecated lintian switches, lintian-mode first', () => {
    const resolve = (...items: string[]) => resolveUploadOptions(parseUploadOptions(changes(...items)).options, 'amd64').lintianMode;
    expect(resolve('  * MINI_BUILDD_OPTION: ignore-lintian=True')).toBe('ignore');
    expect(resolve('  * MINI_BUILDD_OPTION: ignore-lintian=false')).toBeUndefined();
    expect(resolve('  * MINI_BUILDD_OPTION: ignore-lintian=1', '  * MINI_BUILDD_OPTION: run-lintian[amd64]=0')).toBe('disabled');
    expect(resolve('  * MINI_BUILDD_OPTION: run-lintian=false', '  * MINI_BUILDD_OPTION: lintian-mode=errfail')).toBe('errfail');
  });
});
