import type { DataOf, UploadReceived } from '@mbd/events';
import type { DistributionSettings } from '../configuration/distribution-settings.js';
import { resolveDistribution } from '../configuration/resolve-distribution.js';
import { checkVersionNew, checkVersionNotOlder, checkVersionRule } from '../distribution/version-checks.js';
import { lintianVerdict } from './lintian-verdict.js';
import type { UploadFacts } from './upload.commands.js';

export type UploadReview =
  | { readonly accepted: true; readonly distribution: DistributionSettings }
  | { readonly accepted: false; readonly reasons: readonly string[] };

type Received = DataOf<typeof UploadReceived>;

const authorizationReasons = (received: Received, facts: UploadFacts, distribution: DistributionSettings): string[] => {
  const { signature } = facts;
  if (signature.status === 'bad') return [`Bad signature on ${received.changes.name}: ${signature.reason}`];
  if (distribution.allowUnsignedUploads) return [];
  if (signature.status === 'unsigned') return [`Upload is not signed, and repository ${distribution.repository} takes signed uploads only`];
  const allowed =
    signature.fingerprint === facts.archiveKey ||
    facts.uploaders.some((entry) => entry.repository === distribution.repository && entry.fingerprint === signature.fingerprint);
  return allowed ? [] : [`Key ${signature.fingerprint} may not upload to repository ${distribution.repository}`];
};

const sourceReasons = (received: Received, distribution: DistributionSettings): string[] => {
  const reasons: string[] = [];
  if (!received.architectures.includes('source') || !received.files.some((file) => file.name.endsWith('.dsc')))
    reasons.push("Missing DSC file in upload (Maybe dpkg-buildpackage was called with '-b/-B'?)");
  const binaries = received.architectures.filter((arch) => arch !== 'source');
  if (distribution.uploadPolicy === 'source-only' && binaries.length > 0)
    reasons.push(`Binaries (${binaries.join(', ')}) in upload, but repository ${distribution.repository} takes source-only uploads (dpkg-buildpackage -S)`);
  return reasons;
};

const versionReasons = (received: Received, facts: UploadFacts, distribution: DistributionSettings): string[] => {
  const { source, version } = received;
  const target = facts.versionsInRepository.find((entry) => entry.distribution === distribution.name);
  return [
    checkVersionRule(distribution.versionRule, distribution.suite, version),
    checkVersionNew(source, version, facts.versionsInRepository),
    checkVersionNotOlder(source, version, target),
  ].flatMap((refusal) => (refusal ? [refusal.message] : []));
};

/** The packager's checks (mini-buildd `Package()` and precheck, reference §4 and §9), every reason collected. */
export const reviewUpload = (received: Received, facts: UploadFacts): UploadReview => {
  const resolved = resolveDistribution(facts.repositories, received.distribution);
  if (!resolved.ok) {
    const signature = facts.signature.status === 'bad' ? [`Bad signature on ${received.changes.name}: ${facts.signature.reason}`] : [];
    return { accepted: false, reasons: [resolved.reason, ...signature] };
  }
  const distribution = resolved.settings;
  const uploadable = resolved.rollback === undefined && distribution.uploadable;
  const reasons = [
    ...(uploadable ? [] : [`Distribution '${received.distribution}' not uploadable`]),
    ...authorizationReasons(received, facts, distribution),
    ...sourceReasons(received, distribution),
    ...versionReasons(received, facts, distribution),
    ...[lintianVerdict(distribution.lintian, distribution.experimental, facts.lintian, `${received.source}_${received.version}.dsc`)].filter(
      (reason): reason is string => reason !== undefined,
    ),
  ];
  return reasons.length === 0 ? { accepted: true, distribution } : { accepted: false, reasons };
};
