import type { RecordedUploadOption } from '@mbd/archive';

/**
 * The distributions an upload's `auto-ports=dist1,dist2` option names (mini-buildd: ported to after
 * the upload is installed), from the options UploadAccepted recorded.
 */
export const autoPortsOf = (options: readonly RecordedUploadOption[] | undefined): string[] =>
  (options ?? [])
    .filter((option) => option.key === 'auto-ports')
    .flatMap((option) => option.value.split(','))
    .map((name) => name.trim())
    .filter((name) => name !== '');
