import { z } from 'zod';
import type { Event, EventMetadata } from '../event.js';

/**
 * One event of the catalogue: its past-tense `type`, its schema `version` and the zod schema of its
 * data. The TypeScript type of the data is derived from the schema, so type and schema cannot drift.
 */
export interface EventDescriptor<TType extends string = string, TSchema extends z.ZodType = z.ZodType> {
  readonly type: TType;
  readonly version: number;
  readonly schema: TSchema;
  /** Builds the event, checking `data` against the schema (throws a ZodError naming the field). */
  create(data: z.input<TSchema>, metadata: EventMetadata): Event<TType, z.output<TSchema>>;
  /** True when `event` has this descriptor's type (the version is checked by `validateEvent`). */
  is(event: Event): event is Event<TType, z.output<TSchema>>;
}

/** The event type a descriptor describes: `EventOf<typeof UploadReceived>`. */
export type EventOf<D> = D extends EventDescriptor<infer T, infer S> ? Event<T, z.output<S>> : never;

/** The data type a descriptor describes: `DataOf<typeof UploadReceived>`. */
export type DataOf<D> = D extends EventDescriptor<string, infer S> ? z.output<S> : never;

export const defineEvent = <TType extends string, TSchema extends z.ZodType>(
  type: TType,
  version: number,
  schema: TSchema,
): EventDescriptor<TType, TSchema> => ({
  type,
  version,
  schema,
  create: (data, metadata) => ({ type, version, data: schema.parse(data), metadata }),
  is: (event): event is Event<TType, z.output<TSchema>> => event.type === type,
});
