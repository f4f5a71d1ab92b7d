import { z } from 'zod';
import { ZodValidationPipe } from '../../zod-validation.pipe.js';

/** An empty form field is no value. */
export const optional = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

/** The values of a form's checkboxes of one name, as a list: none ticked is absent, one is a string, several an array. */
export const checkedValues = <T extends z.ZodType>(list: T) =>
  z.preprocess((value) => (value === undefined || value === '' ? [] : typeof value === 'string' ? [value] : value), list);

/** A URL-encoded form body checked against `schema` (a 400 with the reasons otherwise). */
export const parseForm = <T,>(schema: z.ZodType<T>, body: unknown): T => new ZodValidationPipe(schema).transform(body ?? {});
