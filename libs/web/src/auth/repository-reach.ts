import { ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { resolveDistribution } from '@mbd/archive';
import { ProjectionsService } from '@mbd/projections';
import { ConfigurationService } from '@mbd/workflows';
import type { Request } from 'express';

/** Finds the repository behind what a request names: a distribution (meta ones too), a build, an upload. */
@Injectable()
export class RepositoryLookup {
  constructor(
    private readonly configuration: ConfigurationService,
    private readonly projections: ProjectionsService,
  ) {}

  /** The repository of a distribution (`bookworm-test-unstable`, `-rollback<N>`, or a meta distribution such as `unstable`); a 403 when there is none to check against. */
  ofDistribution(name: string): string {
    const resolved = resolveDistribution([...this.configuration.current().repositories.values()], name);
    if (!resolved.ok) throw new ForbiddenException(`a repository-limited token is checked against the distribution's repository: ${resolved.reason}`);
    return resolved.config.repository;
  }

  async ofBuild(buildId: string): Promise<string> {
    const build = (await this.projections.listBuildQueue({ finishedLimit: 10_000 })).find((item) => item.buildId === buildId);
    if (!build) throw new NotFoundException(`no build ${buildId}`);
    return this.ofDistribution(build.distribution);
  }

  async ofUpload(uploadId: string): Promise<string> {
    const upload = await this.projections.getUpload(uploadId);
    const distribution = upload?.distribution ?? upload?.changesDistribution;
    if (!upload) throw new NotFoundException(`no upload ${uploadId}`);
    if (!distribution) throw new ForbiddenException(`the upload ${uploadId} names no distribution: a repository-limited token cannot retry it`);
    return this.ofDistribution(distribution);
  }
}

/**
 * Every repository a call reaches, for checking a repository-limited token (only such a token makes
 * the guard ask): `account` for a call about the caller's own account, which narrows itself.
 */
export type RepositoryReach = 'account' | ((request: Request, lookup: RepositoryLookup) => Promise<readonly string[]> | readonly string[]);

const fieldOf = (request: Request, field: string): unknown => {
  const body = typeof request.body === 'object' && request.body !== null ? (request.body as Record<string, unknown>) : {};
  return body[field];
};

/** The names in a body field that holds one name or a list of them; anything else is refused (checked before the body is validated). */
const namesOf = (request: Request, field: string): readonly string[] => {
  const value = fieldOf(request, field);
  if (value === undefined) return [];
  const names = Array.isArray(value) ? value : [value];
  if (names.length > 100 || !names.every((name): name is string => typeof name === 'string' && name.length > 0 && name.length <= 200))
    throw new ForbiddenException(`\`${field}\` must name distributions or repositories for a repository-limited token to be checked`);
  return names;
};

/** The repositories of the distributions in the body's `field` (one name or a list: a port's every `to`). */
export const distributionsIn =
  (field: string): RepositoryReach =>
  (request, lookup) =>
    namesOf(request, field).map((name) => lookup.ofDistribution(name));

/** The repositories a body's `field` names outright (a key approval's `repositories`). */
export const repositoriesIn =
  (field: string): RepositoryReach =>
  (request) =>
    namesOf(request, field);

/** The repository of the build `:buildId`. */
export const buildOfParam: RepositoryReach = async (request, lookup) => [await lookup.ofBuild(String(request.params['buildId']))];

/** The repository of the upload `:uploadId`. */
export const uploadOfParam: RepositoryReach = async (request, lookup) => [await lookup.ofUpload(String(request.params['uploadId']))];
