import { auditEventHref } from './audit-query.js';
import type { ChainStatus } from './chain-verifier.service.js';

/**
 * The hash chain's state in one line: "hash chain verified up to <n>" (still checking newer events,
 * or unable to read them, when so) or "hash chain BROKEN at <position>" with the reason.
 */
export function ChainBadge({ status }: { readonly status: ChainStatus }) {
  if (status.state === 'broken')
    return (
      <p id="chain-badge" class="badge-chain bad" role="alert" data-chain="broken" data-position={status.position}>
        <strong>
          ✗ hash chain BROKEN at <a href={auditEventHref(status.position)}>{status.position}</a>
        </strong>
        : {status.reason}
      </p>
    );
  return (
    <p id="chain-badge" class="badge-chain ok" data-chain="verified" data-position={status.upTo}>
      ✓ hash chain verified up to{' '}
      {status.upTo > 0 ? <a href={auditEventHref(status.upTo)}>{status.upTo}</a> : status.checking || status.error !== undefined ? '0' : '0 (the log is empty)'}
      {status.checking ? ' (checking newer events…)' : ''}
      {status.error !== undefined ? ` — newer events could not be read: ${status.error}` : ''}
    </p>
  );
}
