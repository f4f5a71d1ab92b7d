import { configSchema, type MbdConfig } from '@mbd/config';
import {
  BuildFailed,
  BuildRequested,
  EventStore,
  NotificationFailed,
  NotificationSent,
  PackageInstalled,
  PackageMigrated,
  PackageRemoved,
  ReactionClaimed,
  RepositoryChanged,
  UploadRejected,
  configurationStream,
  distributionStream,
  notificationsStream,
  reactionClaimStream,
  uploadStream,
  type RecordedEvent,
} from '@mbd/events';
import { ArchiveKey } from '@mbd/gpg';
import { BlobStore } from '@mbd/repository';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SMTP_DOWN_REPLY, SmtpSink } from '../../../../test/support/smtp-sink.js';
import { WebhookReceiver } from '../../../../test/support/webhook-receiver.js';
import { ConfigurationService } from '../configuration/configuration.service.js';
import { PackagerReactor } from '../packager/packager.reactor.js';
import { daemonCommandMetadata } from '../support/command-metadata.js';
import { UNSTABLE, WorkflowHarness, testRepository } from '../testing/workflow-harness.js';
import { NoticeReader } from './notice-reader.js';
import { NotificationDeliveries } from './notification-deliveries.service.js';
import { NotificationSettingsService } from './notification-settings.service.js';
import { NotificationsReactor } from './notifications.reactor.js';
import { SubscriptionsService } from './subscriptions.service.js';
import { verifyWebhookSignature } from './webhook-signature.js';

const secret = 'the-webhook-secret-of-this-test';

describe('NotificationsReactor (real SMTP server, local webhook receiver, SQLite event store, real packager)', () => {
  let smtp: SmtpSink;
  let receiver: WebhookReceiver;
  let harness: WorkflowHarness;
  let reactor: NotificationsReactor;
  let deliveries: NotificationDeliveries;
  let config: MbdConfig;

  beforeAll(async () => {
    smtp = await SmtpSink.start();
    receiver = await WebhookReceiver.start();
    config = configSchema.parse({ dataDir: '/nonexistent', smtpUrl: smtp.url, mailFrom: 'mbd <mbd@example.org>', webhookSecret: secret, publicHost: 'mbd.example', httpPort: 8066 });
    harness = await WorkflowHarness.create(
      'notifications',
      [PackagerReactor, NotificationSettingsService, NotificationsReactor, SubscriptionsService],
      [
        // This test's configuration (mail server, webhook secret, public host) and short retries, whatever the harness configures.
        { provide: NotificationDeliveries, inject: [EventStore], useFactory: (store: EventStore) => new NotificationDeliveries(store, config, { attempts: 3, initialDelayMs: 20, maxDelayMs: 50 }) },
        {
          provide: NoticeReader,
          inject: [EventStore, BlobStore, ArchiveKey],
          // The harness's ConfigurationService lives beside these providers, not among them: reached once the harness is up.
          useFactory: (store: EventStore, blobs: BlobStore, archiveKey: ArchiveKey) => new NoticeReader(store, blobs, { at: (position: number) => harness.get(ConfigurationService).at(position) } as ConfigurationService, archiveKey, config),
        },
      ],
    );
    reactor = harness.get(NotificationsReactor);
    deliveries = harness.get(NotificationDeliveries);
    const metadata = daemonCommandMetadata('setup');
    await harness.store.append(
      configurationStream('repository', 'test'),
      [RepositoryChanged.create({ ...testRepository, notify: ['ops@example.org'], notifyChangedBy: true }, { actor: metadata.actor, correlationId: 'setup', occurredAt: metadata.now })],
      'any',
    );
    await harness.get(SubscriptionsService).subscribe({ user: 'jane', source: 'hello', distribution: '*', address: 'jane@example.org' }, { kind: 'user', name: 'jane' });
    await harness.get(SubscriptionsService).addWebhook({ url: receiver.url() }, { kind: 'user', name: 'admin' });
    await harness.settle();
  });

  afterAll(async () => {
    await harness?.close();
    await smtp?.stop();
    await receiver?.stop();
  });

  /** Hands `event` to the reactor as the follower would, and waits for its deliveries. */
  async function notify(event: RecordedEvent): Promise<RecordedEvent[]> {
    expect(reactor.accepts(event)).toBe(true);
    await harness.get(ConfigurationService).at(await harness.store.headPosition());
    await reactor.handle(event);
    await deliveries.idle();
    return harness.events(notificationsStream(event.position));
  }

  it('mails an unsigned upload’s rejection with every reason to the subscriber and the notify address (not to Changed-By), and posts it signed to the webhook', async () => {
    const pkg = await harness.sourcePackage('hello', '1.0-1');
    const files = [pkg.dsc, pkg.orig, pkg.debian];
    await harness.get(PackagerReactor).handle(await harness.receive(await harness.received('rejected-1', 'hello', '1.0-1', files, await harness.changes('hello', '1.0-1', files, false))));
    const rejected = (await harness.uploadEvents('rejected-1')).find((event) => UploadRejected.is(event));
    if (!rejected || !UploadRejected.is(rejected)) throw new Error('the packager did not reject the unsigned upload');
    expect(rejected.data.reasons.length).toBeGreaterThan(1);

    const recorded = await notify(rejected);

    expect(smtp.to('uploader@example.org')).toEqual([]);
    for (const address of ['jane@example.org', 'ops@example.org']) {
      const [mail, ...more] = smtp.to(address);
      expect(more).toEqual([]);
      expect(mail?.subject).toBe('[mbd] hello 1.0-1 rejected');
      expect(mail?.from).toBe('mbd@example.org');
      for (const reason of rejected.data.reasons) expect(mail?.text).toContain(reason);
      expect(mail?.text).toContain('http://mbd.example:8066/uploads/rejected-1');
    }
    const hook = receiver.events().find(({ event }) => event.position === rejected.position);
    expect(hook?.event.type).toBe('UploadRejected');
    expect(hook?.event.data.reasons).toEqual(rejected.data.reasons);
    expect(verifyWebhookSignature(hook!.body, hook!.signature, secret)).toBe(true);
    const claims = await harness.events(reactionClaimStream('notifications', rejected.position));
    expect(claims.filter((event) => ReactionClaimed.is(event))).toHaveLength(1);
    expect(recorded.filter((event) => NotificationSent.is(event)).map((event) => (NotificationSent.is(event) ? `${event.data.channel} ${event.data.target}` : '')).sort()).toEqual(
      ['mail jane@example.org', 'mail ops@example.org', `webhook ${receiver.url()}`].sort(),
    );
  });

  /** Rejects the upload `uploadId` of hello `version` whose .changes `sign` signs (the uploader's key, or another), and notifies about it. */
  async function rejectSigned(uploadId: string, version: string, sign: (text: string) => Promise<string>): Promise<RecordedEvent> {
    const pkg = await harness.sourcePackage('hello', version);
    const files = [pkg.dsc, pkg.orig, pkg.debian];
    const unsigned = await harness.changes('hello', version, files, false);
    const changes = await harness.put(unsigned.name, await sign((await harness.blobs.read(unsigned.sha256)).toString('utf8')));
    await harness.get(PackagerReactor).handle(await harness.receive(await harness.received(uploadId, 'hello', version, files, changes)));
    const rejected = (await harness.uploadEvents(uploadId)).find((event) => UploadRejected.is(event));
    if (!rejected) throw new Error(`the packager did not reject ${uploadId}`);
    await notify(rejected);
    return rejected;
  }

  it('mails Changed-By the rejection of an upload a known uploader key signed, and not that of one a stranger’s key signed', async () => {
    const stranger = await harness.gnupg.generateKey('Stranger <stranger@example.org>', 'ed25519');
    await rejectSigned('foreign-1', '1.0-5', (text) => harness.gnupg.clearsign(text, stranger));
    expect(smtp.to('jane@example.org').some((mail) => mail.subject === '[mbd] hello 1.0-5 rejected')).toBe(true);
    expect(smtp.to('uploader@example.org')).toEqual([]);

    await rejectSigned('signed-1', '1.0-6', (text) => harness.gnupg.clearsign(text, harness.uploader));
    expect(smtp.to('uploader@example.org').map((mail) => mail.subject)).toEqual(['[mbd] hello 1.0-6 rejected']);
  });

  it('leaves an event whose notifications another daemon on the same store claimed alone', async () => {
    const rejected = (await harness.uploadEvents('rejected-1')).find((event) => UploadRejected.is(event))!;
    const mails = smtp.mails.length;
    const hooks = receiver.requests.length;
    const other = { ...config, daemonName: 'other-daemon' };
    const second = new NotificationsReactor(harness.store, new NoticeReader(harness.store, harness.blobs, harness.get(ConfigurationService), harness.archiveKey, other), harness.get(NotificationSettingsService), harness.get(ConfigurationService), deliveries, other);
    await second.handle(rejected);
    await deliveries.idle();
    expect(smtp.mails.length).toBe(mails);
    expect(receiver.requests.length).toBe(hooks);
  });

  it('does not send again what it sent when it handles an event again (a restart before its checkpoint moved on)', async () => {
    const rejected = (await harness.uploadEvents('rejected-1')).find((event) => UploadRejected.is(event))!;
    const mails = smtp.mails.length;
    const hooks = receiver.requests.length;
    const recorded = await notify(rejected);
    expect(smtp.mails.length).toBe(mails);
    expect(receiver.requests.length).toBe(hooks);
    expect(recorded.filter((event) => NotificationSent.is(event))).toHaveLength(3);
  });

  it('records what still waits to be sent as failed when the daemon stops', async () => {
    const metadata = daemonCommandMetadata('stopping');
    const pkg = await harness.sourcePackage('hello', '1.0-7~test12+1');
    const { events } = await harness.store.append(
      distributionStream('bookworm', 'test', 'unstable'),
      [PackageInstalled.create({ distribution: UNSTABLE, source: 'hello', version: '1.0-7~test12+1', files: [pkg.dsc], binaries: [] }, { actor: metadata.actor, correlationId: 'stopping', occurredAt: metadata.now })],
      'any',
    );
    const event = events[0]!;
    const stopping = new NotificationDeliveries(harness.store, config, { attempts: 2, initialDelayMs: 20, maxDelayMs: 20 });
    smtp.refuse(); // the first mail is under way (retrying) when the daemon stops, the second waits behind it
    try {
      await stopping.deliver(event, { eventType: 'PackageInstalled', position: event.position, reasons: [], links: [] }, ['first@example.org', 'second@example.org'], []);
      await stopping.onModuleDestroy();
      await stopping.idle();
    } finally {
      smtp.accept();
      stopping.onApplicationShutdown();
    }
    const failed = (await harness.events(notificationsStream(event.position))).flatMap((recorded) => (NotificationFailed.is(recorded) ? [recorded.data] : []));
    expect(failed.find((data) => data.target === 'second@example.org')).toMatchObject({ attempts: 0, error: expect.stringMatching(/daemon stopped/) });
    expect(failed.find((data) => data.target === 'first@example.org')).toMatchObject({ attempts: 2, error: expect.stringContaining(SMTP_DOWN_REPLY) });
  });

  it('mails an install to the subscriber and posts a webhook whose signature the secret verifies', async () => {
    const metadata = daemonCommandMetadata('rejected-1');
    const pkg = await harness.sourcePackage('hello', '1.0-2~test12+1');
    const { events } = await harness.store.append(
      distributionStream('bookworm', 'test', 'unstable'),
      [
        PackageInstalled.create(
          { distribution: UNSTABLE, source: 'hello', version: '1.0-2~test12+1', uploadId: 'rejected-1', files: [pkg.dsc], binaries: [] },
          { actor: metadata.actor, correlationId: 'rejected-1', occurredAt: metadata.now },
        ),
      ],
      'any',
    );
    await notify(events[0]!);
    const mail = smtp.to('jane@example.org').find((received) => received.subject.includes('installed'));
    expect(mail?.subject).toBe(`[mbd] hello 1.0-2~test12+1 installed in ${UNSTABLE}`);
    const hook = receiver.events().find(({ event }) => event.position === events[0]!.position);
    expect(hook?.event.type).toBe('PackageInstalled');
    expect(verifyWebhookSignature(hook!.body, hook!.signature, secret)).toBe(true);
    expect(verifyWebhookSignature(hook!.body, hook!.signature, 'another-secret-entirely')).toBe(false);
  });

  it('mails a failed build with the end of its log and a link to the build', async () => {
    const metadata = { actor: { kind: 'daemon' as const }, correlationId: 'rejected-1', occurredAt: new Date().toISOString() };
    const log = await harness.put('hello_amd64.buildlog', Array.from({ length: 100 }, (_, index) => `log line ${index + 1}`).join('\n'));
    const { events } = await harness.store.append(
      uploadStream('rejected-1'),
      [
        BuildRequested.create({ uploadId: 'rejected-1', buildId: 'b-42', source: 'hello', version: '1.0-1', distribution: UNSTABLE, architecture: 'amd64', archAll: true, optional: false, attempt: 1 }, metadata),
        BuildFailed.create({ buildId: 'b-42', architecture: 'amd64', reason: 'dpkg-buildpackage failed', status: 'failed', log }, metadata),
      ],
      'any',
    );
    await notify(events[1]!);
    const mail = smtp.to('jane@example.org').find((received) => received.subject.includes('failed'));
    expect(mail?.subject).toBe('[mbd] hello 1.0-1 failed on amd64');
    expect(mail?.text).toContain('dpkg-buildpackage failed');
    expect(mail?.text).toContain('log line 100');
    expect(mail?.text).toContain('log line 61');
    expect(mail?.text).not.toContain('log line 60\n');
    expect(mail?.text).toContain('http://mbd.example:8066/builds/b-42');
  });

  it('mails a migration and a removal to the subscriber, naming where the package went and why it left', async () => {
    const metadata = { actor: { kind: 'user' as const, name: 'admin' }, correlationId: 'm1', occurredAt: new Date().toISOString() };
    const pkg = await harness.sourcePackage('hello', '1.0-2~test12+1');
    const migrated = await harness.store.append(
      distributionStream('bookworm', 'test', 'testing'),
      [PackageMigrated.create({ from: UNSTABLE, to: 'bookworm-test-testing', source: 'hello', version: '1.0-2~test12+1', files: [pkg.dsc], binaries: [] }, metadata)],
      'any',
    );
    const removed = await harness.store.append(
      distributionStream('bookworm', 'test', 'unstable'),
      [PackageRemoved.create({ distribution: UNSTABLE, source: 'hello', version: '1.0-2~test12+1', reason: 'superseded by a rewrite' }, metadata)],
      'any',
    );
    await notify(migrated.events[0]!);
    await notify(removed.events[0]!);
    const mails = smtp.to('jane@example.org');
    const migration = mails.find((mail) => mail.subject === '[mbd] hello 1.0-2~test12+1 migrated to bookworm-test-testing');
    expect(migration?.text).toContain(`From: ${UNSTABLE}`);
    const removal = mails.find((mail) => mail.subject === `[mbd] hello 1.0-2~test12+1 removed from ${UNSTABLE}`);
    expect(removal?.text).toContain('superseded by a rewrite');
    // No upload names Changed-By for an admin's migration or removal: only the subscriber and the notify address are mailed.
    expect(smtp.mails.filter((mail) => mail.subject.includes('migrated to')).flatMap((mail) => mail.to).sort()).toEqual(['jane@example.org', 'ops@example.org']);
  });

  it('records a failure after the bounded retries when the mail server is down, and still calls the webhook', async () => {
    smtp.refuse();
    try {
      const metadata = daemonCommandMetadata('rejected-1');
      const pkg = await harness.sourcePackage('hello', '1.0-3~test12+1');
      const { events } = await harness.store.append(
        distributionStream('bookworm', 'test', 'unstable'),
        [PackageInstalled.create({ distribution: UNSTABLE, source: 'hello', version: '1.0-3~test12+1', files: [pkg.dsc], binaries: [] }, { actor: metadata.actor, correlationId: 'x', occurredAt: metadata.now })],
        'any',
      );
      const recorded = await notify(events[0]!);
      const failed = recorded.filter((event) => NotificationFailed.is(event)).map((event) => (NotificationFailed.is(event) ? event.data : undefined));
      expect(failed.map((data) => data?.target).sort()).toEqual(['jane@example.org', 'ops@example.org']);
      for (const data of failed) {
        expect(data?.channel).toBe('mail');
        expect(data?.attempts).toBe(3);
        expect(data?.error).toContain(SMTP_DOWN_REPLY);
      }
      expect(recorded.some((event) => NotificationSent.is(event) && event.data.channel === 'webhook')).toBe(true);
      const listed = harness.get(NotificationSettingsService).current().deliveries;
      expect(listed.filter((delivery) => delivery.position === events[0]!.position && delivery.outcome === 'failed')).toHaveLength(2);
    } finally {
      smtp.accept();
    }
  });
});
