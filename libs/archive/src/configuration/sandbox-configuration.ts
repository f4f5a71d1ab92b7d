import {
  ArchiveKeyGenerated,
  type Event,
  type EventMetadata,
  RepositoryCreated,
  SourceAdded,
  configurationStream,
} from '@mbd/events';
import { defaultLayout } from './default-layouts.js';

/** An event and the stream it is appended to. */
export interface StreamEvent {
  readonly streamId: string;
  readonly event: Event;
}

export interface SandboxOptions {
  /** The Debian mirror of the bookworm source (MBD_MIRROR). */
  readonly mirror?: string;
}

/**
 * What a first start appends, like mini-buildd's setup: this instance's archive key, the bookworm
 * source, and repository `test` with the Default layout for bookworm/amd64 (component main) that
 * accepts unsigned uploads, as a sandbox should.
 */
export const sandboxConfiguration = (fingerprint: string, now: string, options: SandboxOptions = {}): StreamEvent[] => {
  const metadata: EventMetadata = { actor: { kind: 'daemon' }, correlationId: 'sandbox', occurredAt: now };
  return [
    { streamId: configurationStream('daemon', 'archive-key'), event: ArchiveKeyGenerated.create({ fingerprint }, metadata) },
    {
      streamId: configurationStream('source', 'bookworm'),
      event: SourceAdded.create(
        {
          codename: 'bookworm',
          origin: 'Debian',
          mirror: options.mirror ?? 'http://deb.debian.org/debian',
          components: ['main'],
          archiveKeys: [],
        },
        metadata,
      ),
    },
    {
      streamId: configurationStream('repository', 'test'),
      event: RepositoryCreated.create(
        {
          repository: 'test',
          layout: defaultLayout,
          codenames: [
            {
              codename: 'bookworm',
              codeversion: '12',
              architectures: [{ architecture: 'amd64', optional: false }],
              archAllOn: 'amd64',
              components: ['main'],
            },
          ],
          allowUnsignedUploads: true,
          uploadPolicy: 'source-with-binaries',
        },
        metadata,
      ),
    },
  ];
};
