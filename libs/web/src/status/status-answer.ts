import { publicHostOf, type MbdConfig } from '@mbd/config';
import type { ConfigurationService } from '@mbd/workflows';
import { miniBuilddStatus } from './mini-buildd-status.js';
import type { StatusRegistry } from './status.service.js';

/** What the answer of /api/status is made of. */
export interface StatusAnswerSources {
  readonly registry: StatusRegistry;
  readonly config: MbdConfig;
  readonly configuration: Pick<ConfigurationService, 'current'>;
}

/** The body without repositories made of each reading: requests that share a reading share it (it is never changed). */
const answered = new WeakMap<Record<string, unknown>, Record<string, unknown>>();

/**
 * The body of `GET /api/status`: mini-buildd's fields (repositories only when asked), when the daemon
 * started and how long ago (as of the reading), then every registered part's status (read after the call, see StatusRegistry).
 * Said once for StatusController and the answer given before the Nest stack (apiStatusFirst).
 */
export async function statusAnswer(sources: StatusAnswerSources, options: { readonly withRepositories: boolean }): Promise<Record<string, unknown>> {
  const { registry, config } = sources;
  const parts = await registry.collect();
  if (!options.withRepositories) {
    const shared = answered.get(parts);
    if (shared) return shared;
  }
  const builds = parts['builds'] as { running?: unknown; slots?: unknown } | undefined;
  const builders = Array.isArray(parts['builders']) ? (parts['builders'] as { name: string; state: string }[]) : [];
  const configuration = sources.configuration.current();
  const body = {
    version: '0.1.0',
    ...miniBuilddStatus({
      host: publicHostOf(config),
      httpPort: config.httpPort,
      ftpPort: config.ftpPort,
      runningBuilds: Array.isArray(builds?.running) ? builds.running.length : 0,
      buildSlots: typeof builds?.slots === 'number' ? builds.slots : 0,
      chroots: configuration.chroots?.values() ?? [],
      remotes: builders.filter((builder) => builder.state === 'online').map((builder) => builder.name),
      ...(options.withRepositories ? { repositories: configuration.repositories.values() } : {}),
    }),
    startedAt: registry.startedAt.toISOString(),
    uptimeSeconds: Math.round((Date.now() - registry.startedAt.getTime()) / 1000),
    ...parts,
  };
  if (!options.withRepositories) answered.set(parts, body);
  return body;
}
