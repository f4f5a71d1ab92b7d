import { BuildRequested, type Decider, SourceLinted, UploadAccepted, type UploadEvent, UploadFailed, UploadReceived, UploadRejected } from '@mbd/events';
import { assertNever, eventMetadata } from '../decider.js';
import { ArchiveError } from '../errors.js';
import { buildIdOf, planBuilds } from '../build/build-plan.js';
import { effectiveChecks } from './effective-checks.js';
import { retryUpload } from './retry-upload.js';
import { reviewUpload } from './review-upload.js';
import type { FailUpload, ReceiveUpload, RecordSourceLintian, RejectUpload, ReviewUpload, UploadCommand } from './upload.commands.js';
import { type UploadState, evolveUpload, initialUploadState } from './upload.state.js';

/** A second delivery of the same .changes is recognised and changes nothing; another upload under the same id is a bug. */
const receive = ({ data, metadata }: ReceiveUpload, state: UploadState): UploadEvent[] => {
  if (state.status === 'initial') return [UploadReceived.create(data, eventMetadata(metadata))];
  const known = 'received' in state ? state.received : undefined;
  if (known?.changes.sha256 === data.changes.sha256) return [];
  throw new ArchiveError('upload-conflict', `upload ${data.uploadId} already holds another .changes (${known?.changes.name ?? 'none'})`);
};

/**
 * The upload a review may decide on: one received and not reviewed yet, or one the daemon could not
 * review before (unless it was retried as another upload meanwhile: that one is reviewed instead).
 */
const reviewable = (state: UploadState) =>
  state.status === 'received' ? state.received : state.status === 'rejected' && state.retriable && !state.retries?.length ? state.received : undefined;

const review = ({ data: facts, metadata: commandMetadata }: ReviewUpload, state: UploadState): UploadEvent[] => {
  if (state.status === 'initial') throw new ArchiveError('upload-unknown', 'no upload received in this stream');
  const received = reviewable(state);
  if (!received) return [];
  const metadata = eventMetadata(commandMetadata);
  const verdict = reviewUpload(received, facts);
  if (!verdict.accepted)
    return [
      UploadRejected.create(
        { uploadId: received.uploadId, source: received.source, version: received.version, distribution: received.distribution, reasons: [...verdict.reasons] },
        metadata,
      ),
    ];
  const { distribution, poolFiles, options } = verdict;
  const builds = planBuilds(distribution, facts.dsc && 'architectures' in facts.dsc ? facts.dsc.architectures : undefined);
  const checks = effectiveChecks(distribution, options, builds.map((build) => build.architecture));
  const common = { uploadId: received.uploadId, source: received.source, version: received.version, distribution: distribution.name };
  return [
    UploadAccepted.create(
      {
        ...common,
        codename: distribution.codename,
        repository: distribution.repository,
        suite: distribution.suite,
        buildArchitectures: builds.map((build) => build.architecture),
        archAllOn: builds.find((build) => build.archAll)?.architecture ?? null,
        ...(poolFiles.length > 0 ? { poolFiles: [...poolFiles] } : {}),
        lintSource: checks.lintian !== 'disabled',
        signedBy: facts.signature.status === 'valid' ? facts.signature.fingerprint : null,
        ...(options.length > 0 ? { options: options.map((option) => ({ ...option })) } : {}),
        checks,
      },
      metadata,
    ),
    ...builds.map((build) =>
      BuildRequested.create({ ...common, ...build, buildId: buildIdOf(received.uploadId, build.architecture, 1), attempt: 1 }, metadata),
    ),
  ];
};

const fail = ({ data, metadata }: FailUpload, state: UploadState): UploadEvent[] => {
  if (state.status !== 'accepted') return [];
  const { uploadId, source, version } = state.received;
  return [UploadFailed.create({ uploadId, source, version, distribution: state.accepted.distribution, reasons: [...data.reasons] }, eventMetadata(metadata))];
};

const recordSourceLintian = ({ data, metadata }: RecordSourceLintian, state: UploadState): UploadEvent[] => {
  if ((state.status !== 'accepted' && state.status !== 'failed') || state.sourceLint || !state.accepted.lintSource) return [];
  const { uploadId, source, version } = state.received;
  const lintian = data.lintian && { errors: data.lintian.errors, warnings: data.lintian.warnings, ...(data.lintian.tags ? { tags: [...data.lintian.tags] } : {}) };
  return [SourceLinted.create({ uploadId, source, version, lintian, ...(data.reason ? { reason: data.reason } : {}) }, eventMetadata(metadata))];
};

const reject = ({ data, metadata }: RejectUpload, state: UploadState): UploadEvent[] => {
  const received = reviewable(state);
  if (!received || state.status === 'rejected') return [];
  const { uploadId, source, version, distribution } = received;
  return [UploadRejected.create({ uploadId, source, version, distribution, reasons: [...data.reasons], retriable: true }, eventMetadata(metadata))];
};

export const decideUpload = (command: UploadCommand, state: UploadState): UploadEvent[] => {
  switch (command.type) {
    case 'ReceiveUpload':
      return receive(command, state);
    case 'ReviewUpload':
      return review(command, state);
    case 'FailUpload':
      return fail(command, state);
    case 'RecordSourceLintian':
      return recordSourceLintian(command, state);
    case 'RejectUpload':
      return reject(command, state);
    case 'RetryUpload':
      return retryUpload(command, state);
    default:
      return assertNever(command, 'upload command');
  }
};

/** The packager: the decider of an upload stream (`upload-<id>`) up to the build requests. */
export const uploadDecider = {
  decide: decideUpload,
  evolve: evolveUpload,
  initialState: initialUploadState,
} satisfies Decider<UploadState, UploadCommand, UploadEvent>;
