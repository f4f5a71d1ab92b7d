/** Errors of the read models, each with a reason a person understands. */

/** The read-model database cannot be opened (bad setting, unreachable server, corrupt file): start-up stops. */
export class ReadModelsUnavailableError extends Error {
  readonly type = 'read-models-unavailable' as const;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ReadModelsUnavailableError';
  }
}

/** `rebuild(name)` or a query named a projection that does not exist. */
export class UnknownProjectionError extends Error {
  readonly type = 'unknown-projection' as const;
  constructor(
    readonly projection: string,
    readonly known: readonly string[],
  ) {
    super(`no projection named '${projection}' (known: ${known.join(', ')})`);
    this.name = 'UnknownProjectionError';
  }
}

/** waitForPosition gave up: the named projections had not reached the position in time. */
export class ProjectionLagError extends Error {
  readonly type = 'projection-lag' as const;
  constructor(
    readonly position: number,
    readonly lagging: readonly { readonly name: string; readonly position: number; readonly error?: string }[],
  ) {
    super(
      `projections did not reach position ${position}: ` +
        lagging.map((p) => `${p.name} at ${p.position}${p.error ? ` (failed: ${p.error})` : ''}`).join(', '),
    );
    this.name = 'ProjectionLagError';
  }
}
