import type { AuditLogItem } from '@mbd/projections';
import { renderFragment } from '../render.js';
import { ChainBadge } from './chain-badge.js';
import type { ChainStatus } from './chain-verifier.service.js';
import { RecentEvents } from './recent-events.js';

/** The home page's components alone, for markup specs. */
export const renderChainBadge = (status: ChainStatus): string => renderFragment(<ChainBadge status={status} />);
export const renderRecentEvents = (items: readonly AuditLogItem[], after: number): string => renderFragment(<RecentEvents items={items} after={after} />);
