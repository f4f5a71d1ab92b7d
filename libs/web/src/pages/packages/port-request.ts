import { z } from 'zod';
import { checkedValues } from './form-fields.js';

const name = z.string().min(1).max(200);

/** The distributions a port goes to: at least one ticked. */
export const targetsField = checkedValues(z.array(name).min(1, 'choose at least one distribution to port to').max(50));

/**
 * mini-buildd's upload options as a form writes them, `key=value|key[arch]=value` (spaces or `|`
 * between them): a list of at most 50 words without whitespace or control characters, so none can add
 * a line to the changelog entry; the packager judges each option as it judges an upload's.
 */
export const uploadOptionsField = z
  .string()
  .max(5000)
  // eslint-disable-next-line no-control-regex
  .refine((text) => !/[\u0000-\u0008\u000e-\u001f\u007f]/.test(text), 'control characters in the upload options')
  .transform((text) => text.split(/[|\s]+/).filter(Boolean))
  .refine((options) => options.length <= 50, 'at most 50 upload options')
  .refine((options) => options.every((option) => option.length <= 500 && option.includes('=')), 'an upload option is key=value or key[arch]=value, e.g. lintian-mode=ignore');

/** A port's `--version` and `--options` as PortOptions (absent when empty). */
export const portOptionsOf = (form: { readonly version?: string | undefined; readonly options?: readonly string[] | undefined }) => ({
  ...(form.version ? { version: form.version } : {}),
  ...(form.options && form.options.length > 0 ? { options: form.options } : {}),
});
