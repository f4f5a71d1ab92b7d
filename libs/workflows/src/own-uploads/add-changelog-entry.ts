import { runTool } from '@mbd/builder';
import { join } from 'node:path';

/** Who writes the changelog entries of mbd's own uploads (dch's DEBFULLNAME and DEBEMAIL). */
export interface ChangelogAuthor {
  readonly name: string;
  readonly email: string;
}

export interface NewChangelogEntry {
  readonly version: string;
  readonly distribution: string;
  /** The entry's change lines, each one `* …` item. */
  readonly lines: readonly string[];
  /** Upload options, written as `* MINI_BUILDD_OPTION: key=value` items (mini-buildd's syntax). */
  readonly options?: readonly string[];
  readonly author: ChangelogAuthor;
}

const DCH_TIMEOUT_MS = 60_000;

/** The item line of one upload option, as mini-buildd reads it from the top changelog block. */
export const uploadOptionLine = (option: string): string => `MINI_BUILDD_OPTION: ${option}`;

/**
 * Adds a new top entry to `<tree>/debian/changelog` with the real `dch` (debian-toolchain.md G6: a
 * distribution dch does not know needs --force-distribution, stdin is /dev/null). The version may be
 * lower than the current one (an external port appends `~…`), so --force-bad-version; --preserve keeps
 * the tree's directory name.
 */
export async function addChangelogEntry(tree: string, entry: NewChangelogEntry): Promise<void> {
  const items = [...entry.lines, ...(entry.options ?? []).map(uploadOptionLine)];
  if (items.length === 0) throw new Error('a changelog entry needs at least one line');
  const changelog = join(tree, 'debian', 'changelog');
  const env = { DEBFULLNAME: entry.author.name, DEBEMAIL: entry.author.email, EMAIL: entry.author.email, NAME: entry.author.name, EDITOR: 'true', VISUAL: 'true' };
  const common = ['--no-conf', '--changelog', changelog, '--preserve'];
  const [first, ...rest] = items as [string, ...string[]];
  await runTool(
    'dch',
    [...common, '--newversion', entry.version, '--distribution', entry.distribution, '--force-distribution', '--force-bad-version', '--urgency', 'medium', '--', first],
    { cwd: tree, env, timeoutMs: DCH_TIMEOUT_MS },
  );
  for (const line of rest) await runTool('dch', [...common, '--append', '--', line], { cwd: tree, env, timeoutMs: DCH_TIMEOUT_MS });
}
