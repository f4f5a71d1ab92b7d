import type { DataOf, FileRef, UploadReceived } from '@mbd/events';
import type { DistributionSettings } from '../configuration/distribution-settings.js';
import { resolveDistribution } from '../configuration/resolve-distribution.js';
import { checkVersionNew, checkVersionNotOlder, checkVersionRule } from '../distribution/version-checks.js';
import type { UploadFacts } from './upload.commands.js';
import { type UploadOption, parseUploadOptions, resolveUploadOptions } from './upload-options.js';

export type UploadReview =
  | { readonly accepted: true; readonly distribution: DistributionSettings; readonly poolFiles: readonly FileRef[]; readonly options: readonly UploadOption[] }
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

/**
 * The .dsc against the .changes and the repository's pool: the same source and version; each file the
 * .dsc names is either in the upload with the same checksum, or (left out, as `-sd` uploads leave the
 * orig tarball out) in the pool with the same checksum.
 */
const dscReasons = (received: Received, facts: UploadFacts, distribution: DistributionSettings): { reasons: string[]; poolFiles: FileRef[] } => {
  const { dsc } = facts;
  if (!dsc) return { reasons: [], poolFiles: [] };
  if ('problem' in dsc) return { reasons: [`${dsc.name}: ${dsc.problem}`], poolFiles: [] };
  const reasons: string[] = [];
  if (dsc.source !== received.source) reasons.push(`${dsc.name} is for source '${dsc.source}', the .changes for '${received.source}'`);
  if (dsc.version !== received.version) reasons.push(`${dsc.name} has version '${dsc.version}', the .changes '${received.version}'`);
  const uploaded = new Map(received.files.map((file) => [file.name, file]));
  const pool = facts.pool ?? new Map<string, FileRef>();
  const where = `the pool of repository ${distribution.repository}`;
  const poolFiles: FileRef[] = [];
  for (const file of dsc.files) {
    const inUpload = uploaded.get(file.name);
    const inPool = pool.get(file.name);
    if (inUpload) {
      if (inUpload.sha256 !== file.sha256) reasons.push(`${file.name}: its SHA-256 in ${dsc.name} differs from the uploaded file's`);
    } else if (!inPool) {
      reasons.push(`${file.name}, named by ${dsc.name}, is in neither the upload nor ${where}`);
    } else if (inPool.sha256 !== file.sha256) {
      reasons.push(`${file.name}, named by ${dsc.name} and not uploaded, differs from the file of that name in ${where}`);
    } else {
      poolFiles.push(inPool);
    }
  }
  return { reasons, poolFiles };
};

/** No uploaded file may differ from the file of the same name in the pool: reprepro would refuse it. */
const poolClashReasons = (received: Received, facts: UploadFacts, distribution: DistributionSettings): string[] =>
  received.files.flatMap((file) => {
    const inPool = facts.pool?.get(file.name);
    return inPool && inPool.sha256 !== file.sha256
      ? [`${file.name} differs from the file of that name already in the pool of repository ${distribution.repository} (one pool name cannot hold two different files)`]
      : [];
  });

/**
 * The upload options (MINI_BUILDD_OPTION lines of the top changelog block): every problem with them, and
 * every `auto-ports` target the upload may not go to. Check modes may be set either way in every suite, as
 * in mini-buildd: an authorized uploader may weaken lintian for one upload (ports do, with
 * `lintian-mode=ignore`), and the event records that it did. An auto-port is an upload into another
 * distribution, so it gets that upload's checks now: the distribution exists, is uploadable and is not
 * this one, and the key that signed this upload may upload to its repository.
 */
const optionReasons = (received: Received, facts: UploadFacts, distribution: DistributionSettings): { reasons: string[]; options: UploadOption[] } => {
  const { options, problems } = parseUploadOptions(facts.changes ?? '');
  const portReasons = (resolveUploadOptions(options).autoPorts ?? []).flatMap((name) => {
    const target = resolveDistribution(facts.repositories, name);
    const refuse = (why: string) => [`Upload option auto-ports=${name}: ${why}`];
    if (!target.ok) return refuse(target.reason);
    if (!target.settings.uploadable) return refuse(`Distribution '${name}' not uploadable`);
    if (target.settings.name === distribution.name) return refuse(`it is the distribution of this upload`);
    return authorizationReasons(received, facts, target.settings).flatMap((reason) => refuse(reason));
  });
  return { reasons: [...problems, ...portReasons], options: [...options] };
};

/**
 * The packager's checks (mini-buildd `Package()` and precheck, reference §4 and §9), every reason
 * collected. Only cheap facts: nothing here unpacks the upload (lintian runs later, beside the builds).
 */
export const reviewUpload = (received: Received, facts: UploadFacts): UploadReview => {
  const resolved = resolveDistribution(facts.repositories, received.distribution);
  if (!resolved.ok) {
    const signature = facts.signature.status === 'bad' ? [`Bad signature on ${received.changes.name}: ${facts.signature.reason}`] : [];
    return { accepted: false, reasons: [resolved.reason, ...signature] };
  }
  const distribution = resolved.settings;
  const uploadable = resolved.rollback === undefined && distribution.uploadable;
  const dsc = dscReasons(received, facts, distribution);
  const options = optionReasons(received, facts, distribution);
  const reasons = [
    ...(uploadable ? [] : [`Distribution '${received.distribution}' not uploadable`]),
    ...authorizationReasons(received, facts, distribution),
    ...sourceReasons(received, distribution),
    ...versionReasons(received, facts, distribution),
    ...dsc.reasons,
    ...poolClashReasons(received, facts, distribution),
    ...options.reasons,
  ];
  return reasons.length === 0 ? { accepted: true, distribution, poolFiles: dsc.poolFiles, options: options.options } : { accepted: false, reasons };
};
