import type { PackagePorted } from '@mbd/events';

/** mini-buildd's default upload option of a port: lintian is run but does not gate the install. */
export const DEFAULT_PORT_OPTIONS: readonly string[] = ['lintian-mode=ignore'];

/**
 * The change line of a port's changelog entry (mini-buildd's wording, with mbd and SHA256):
 * a rebuild, an internal port naming the original .dsc's SHA256, or an external port naming its URL.
 */
export const portEntryLine = (event: Pick<PackagePorted['data'], 'kind' | 'from' | 'to'>, dscSha256: string): string => {
  if (event.kind === 'external') return `External port from: ${event.from}`;
  if (event.from === event.to) return 'Rebuild via mbd (no changes).';
  return `Automated port via mbd (no changes). Original DSC's SHA256: ${dscSha256}`;
};

/** The options the port's entry carries: the ones asked for, else mini-buildd's default. */
export const portEntryOptions = (event: Pick<PackagePorted['data'], 'options'>): readonly string[] =>
  event.options && event.options.length > 0 ? event.options : DEFAULT_PORT_OPTIONS;
