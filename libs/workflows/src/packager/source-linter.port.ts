import type { LintianResult } from '@mbd/archive';

/** Runs lintian on a source package (its .dsc and files in `dir`); the builder provides it. */
export abstract class SourceLinter {
  abstract lintSource(dscPath: string): Promise<LintianResult>;
}
