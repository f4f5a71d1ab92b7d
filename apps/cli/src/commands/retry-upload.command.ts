import type { Command } from 'commander';
import type { ApiClient } from '../api-client.js';
import { print } from '../output.js';

/**
 * `mbd retry-upload <uploadId>`: mini-buildd's `retry` of a whole rejected or failed upload. A separate
 * command from `mbd retry` (a build or a parked event), so a mistyped build id never retries an upload.
 */
export function registerRetryUpload(program: Command, api: ApiClient): void {
  program
    .command('retry-upload <uploadId>')
    .description('take a rejected or failed upload in again as a new upload (after fixing the configuration that refused it)')
    .option('--reason <text>', 'why, recorded with the retry')
    .option('--json', 'print JSON')
    .action(async (uploadId: string, options: { reason?: string; json?: boolean }) => {
      const result = await api.post<{ uploadId: string; retryUploadId: string; intake: string; reasons?: string[] }>(
        `/api/uploads/${encodeURIComponent(uploadId)}/retry`,
        options.reason ? { reason: options.reason } : {},
      );
      if (options.json) return print(result, true);
      console.log(`upload ${result.uploadId} retried as upload ${result.retryUploadId}: ${result.intake}${result.reasons ? ` (${result.reasons.join('; ')})` : ''}`);
    });
}
