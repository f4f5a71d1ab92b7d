/** A stream id that none of the helpers in streams.ts would build. */
export class InvalidStreamIdError extends Error {
  readonly type = 'invalid-stream-id' as const;
  constructor(
    readonly streamId: string,
    readonly reason: string,
  ) {
    super(`stream id '${streamId}': ${reason}`);
    this.name = 'InvalidStreamIdError';
  }
}

/** An event whose type and version the catalogue does not know (after upcasting). */
export class UnknownEventError extends Error {
  readonly type = 'unknown-event' as const;
  constructor(
    readonly eventType: string,
    readonly version: number,
  ) {
    super(`unknown event ${eventType} version ${version}: not in the event catalogue and no upcaster leads to it`);
    this.name = 'UnknownEventError';
  }
}

/** An event whose data does not fit its schema; `issues` says which field and why. */
export class InvalidEventError extends Error {
  readonly type = 'invalid-event' as const;
  constructor(
    readonly eventType: string,
    readonly version: number,
    readonly issues: readonly string[],
  ) {
    super(`invalid ${eventType} version ${version}: ${issues.join('; ')}`);
    this.name = 'InvalidEventError';
  }
}
