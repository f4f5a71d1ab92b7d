/**
 * Subscriptions, mail and webhooks end to end (issue 14): a real daemon mails through a real SMTP
 * server (the `smtp-server` package) and posts signed JSON to a local webhook receiver. Stock dput
 * uploads: a rejected one is mailed with its reasons (to Changed-By only when a known key signed it); an installed one is mailed and posted; with the
 * mail server down, the next upload still installs and the failed mail is recorded.
 */
import { GnupgHome } from '@mbd/gpg';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyWebhookSignature } from '@mbd/workflows';
import { createChroot } from '../support/daemon-chroot.js';
import { removeDataDir, startDaemon, type RunningDaemon } from '../support/daemon.js';
import { buildSourceUpload } from '../support/packages.js';
import { SmtpSink, type ReceivedMail } from '../support/smtp-sink.js';
import { dput, dputConfig, UploadLog } from '../support/uploads.js';
import { WebhookReceiver } from '../support/webhook-receiver.js';

const UNSTABLE = 'bookworm-test-unstable';
const SECRET = 'e2e-webhook-secret-0123456789';
const CHANGED_BY = 'mbd-test@example.invalid';

/** Polls `find` until it returns something, for up to `timeoutMs`. */
async function eventually<T>(what: string, find: () => T | undefined | Promise<T | undefined>, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`waited ${timeoutMs} ms for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

interface Delivery {
  outcome: 'sent' | 'failed';
  channel: string;
  target: string;
  position: number;
  attempts: number;
  error?: string;
}

describe('notifications: subscriptions, mail through SMTP, signed webhooks', () => {
  let smtp: SmtpSink;
  let receiver: WebhookReceiver;
  let daemon: RunningDaemon;
  let gnupg: GnupgHome;
  let uploader: string;
  let stranger: string;
  let config: string;
  const log = new UploadLog(() => daemon);

  const mailsTo = (address: string, subject: string): ReceivedMail | undefined => smtp.to(address).find((mail) => mail.subject === subject);

  beforeAll(async () => {
    smtp = await SmtpSink.start();
    receiver = await WebhookReceiver.start();
    daemon = await startDaemon({ env: { MBD_BUILD_JOBS: '1', MBD_SMTP_URL: smtp.url, MBD_MAIL_FROM: 'mbd <mbd@example.org>', MBD_WEBHOOK_SECRET: SECRET } });
    gnupg = await GnupgHome.create();
    uploader = await gnupg.generateKey('Uploader <uploader@example.invalid>', 'ed25519');
    stranger = await gnupg.generateKey('Stranger <stranger@example.invalid>', 'ed25519');
    const keyFile = join(gnupg.dir, 'uploader.asc');
    writeFileSync(keyFile, await gnupg.exportArmored(uploader));
    expect((await daemon.cli('uploader', 'add', 'test', keyFile)).code).toBe(0);
    await createChroot(daemon);
    config = await dputConfig(daemon);

    const subscribed = await daemon.cli('subscribe', '*', UNSTABLE, '--address', 'ops@example.org', '--json');
    expect(subscribed.code, subscribed.stderr).toBe(0);
    expect(JSON.parse(subscribed.stdout)).toMatchObject({ user: 'admin', source: '*', distribution: UNSTABLE, address: 'ops@example.org' });
    const hook = await daemon.cli('webhook-add', receiver.url());
    expect(hook.code, hook.stderr).toBe(0);
    // mini-buildd's notify_changed_by, set where the repository's configuration is set.
    const { body: repositories } = await daemon.api<{ repository: string }[]>('GET', '/api/repositories', undefined, false);
    const test = repositories.find((repository) => repository.repository === 'test')!;
    const changed = await daemon.api('PUT', '/api/repositories/test', { ...test, notifyChangedBy: true });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
  });

  afterAll(async () => {
    await daemon?.cli('chroot', 'remove', 'bookworm', 'amd64');
    await daemon?.stop();
    await gnupg?.remove();
    if (daemon) removeDataDir(daemon);
    await smtp?.stop();
    await receiver?.stop();
  });

  /** A call with the token of the maintainer `jane`. */
  let janeToken: string;
  const asJane = async <T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> => {
    const response = await fetch(`${daemon.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${janeToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as T };
  };

  it('subscribes a maintainer with her own token to her account’s address, as her, and keeps her from an admin’s calls', async () => {
    expect((await daemon.api('POST', '/api/users', { name: 'jane', role: 'maintainer', email: 'jane@example.org' })).status).toBe(201);
    const issued = await daemon.api<{ token: string }>('POST', '/api/tokens', { name: 'e2e', user: 'jane' });
    expect(issued.status, JSON.stringify(issued.body)).toBe(201);
    janeToken = issued.body.token;
    const subscribed = await asJane<{ user: string; address: string }>('POST', '/api/subscriptions', { source: 'mbd-test-all', distribution: UNSTABLE });
    expect(subscribed.status, JSON.stringify(subscribed.body)).toBe(201);
    expect(subscribed.body).toMatchObject({ user: 'jane', address: 'jane@example.org' });
    expect((await asJane('POST', '/api/subscriptions', { source: '*', distribution: '*', address: 'someone@example.org' })).status).toBe(403);
    expect((await asJane('POST', '/api/webhooks', { url: 'http://127.0.0.1:1/hook' })).status).toBe(403);
    const own = await asJane<{ user: string }[]>('GET', '/api/subscriptions');
    expect(own.body.map((subscription) => subscription.user)).toEqual(['jane']);
    const page = await fetch(`${daemon.url}/subscriptions`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Sign in</a> to subscribe');
    const added = await log.events('type=SubscriptionAdded');
    expect(added.find((event) => event.data.user === 'jane')).toMatchObject({ actor: 'user:jane' });
  });

  it('lists the subscription and the webhook, and refuses a webhook URL with credentials', async () => {
    const list = await daemon.cli('subscriptions', '--json');
    expect(JSON.parse(list.stdout)).toEqual([
      { user: 'admin', source: '*', distribution: UNSTABLE, address: 'ops@example.org' },
      { user: 'jane', source: 'mbd-test-all', distribution: UNSTABLE, address: 'jane@example.org' },
    ]);
    const hooks = await daemon.api<{ url: string }[]>('GET', '/api/webhooks');
    expect(hooks.body).toEqual([{ url: receiver.url() }]);
    const refused = await daemon.api<{ message: string }>('POST', '/api/webhooks', { url: 'http://user:secret@127.0.0.1:1/hook' });
    expect(refused.status).toBe(400);
    expect(refused.body.message).toMatch(/user name or password/);
    const anonymous = await daemon.api('POST', '/api/subscriptions', { source: '*', distribution: '*' }, false);
    expect(anonymous.status).toBe(401);
  });

  it('mails a rejected dput upload a stranger’s key signed to the subscriber, with every reason (not to Changed-By)', async () => {
    const changes = await buildSourceUpload('mbd-test-all', '1.0~test12+1');
    await gnupg.debsign(changes, stranger);
    await dput(config, [changes], gnupg.env);
    const outcome = await log.outcome('mbd-test-all', '1.0~test12+1');
    expect(outcome.end.type).toBe('UploadRejected');
    const reasons = outcome.end.data.reasons as string[];
    const mail = await eventually('the rejection mail to the subscriber', () => mailsTo('ops@example.org', '[mbd] mbd-test-all 1.0~test12+1 rejected'));
    for (const reason of reasons) expect(mail.text).toContain(reason);
    expect(mail.from).toBe('mbd@example.org');
    const hook = await eventually('the rejection webhook', () => receiver.events().find(({ event }) => event.position === outcome.end.position));
    expect(hook.event.type).toBe('UploadRejected');
    expect(verifyWebhookSignature(hook.body, hook.signature, SECRET)).toBe(true);
  });

  it('mails an installed upload and posts it to the webhook, signed with the secret', async () => {
    const changes = await buildSourceUpload('mbd-test-all', '1.0~test12+2');
    await gnupg.debsign(changes, uploader);
    await dput(config, [changes], gnupg.env);
    const outcome = await log.outcome('mbd-test-all', '1.0~test12+2');
    expect(outcome.end.type).toBe('PackageInstalled');
    const subject = `[mbd] mbd-test-all 1.0~test12+2 installed in ${UNSTABLE}`;
    await eventually('the install mail to the subscriber', () => mailsTo('ops@example.org', subject));
    await eventually('the install mail to the maintainer who subscribed to the source', () => mailsTo('jane@example.org', subject));
    await eventually('the install mail to Changed-By', () => mailsTo(CHANGED_BY, subject));
    // Mails go out one after another: had the stranger's rejection been mailed to Changed-By, it would be here by now.
    expect(mailsTo(CHANGED_BY, '[mbd] mbd-test-all 1.0~test12+1 rejected')).toBeUndefined();
    const hook = await eventually('the install webhook', () => receiver.events().find(({ event }) => event.position === outcome.end.position));
    expect(hook.event.type).toBe('PackageInstalled');
    expect(hook.event.data).toMatchObject({ source: 'mbd-test-all', version: '1.0~test12+2', distribution: UNSTABLE });
    expect(verifyWebhookSignature(hook.body, hook.signature, SECRET)).toBe(true);
    expect(verifyWebhookSignature(hook.body, hook.signature, 'not-the-secret-at-all-xx')).toBe(false);
    const deliveries = await daemon.api<Delivery[]>('GET', '/api/notifications');
    expect(deliveries.body.filter((delivery) => delivery.position === outcome.end.position && delivery.outcome === 'sent').map((delivery) => delivery.target).sort()).toEqual(
      [CHANGED_BY, 'jane@example.org', 'ops@example.org', receiver.url()].sort(),
    );
  });

  it('installs the next upload with the mail server down, and records the failed mail after its retries', async () => {
    smtp.refuse();
    const mails = smtp.mails.length;
    const changes = await buildSourceUpload('mbd-test-all', '1.0~test12+3');
    await gnupg.debsign(changes, uploader);
    await dput(config, [changes], gnupg.env);
    const outcome = await log.outcome('mbd-test-all', '1.0~test12+3');
    expect(outcome.end.type).toBe('PackageInstalled');
    await eventually('the install webhook', () => receiver.events().find(({ event }) => event.position === outcome.end.position));
    const failed = await eventually('the failed mails in GET /api/notifications', async () => {
      const { body } = await daemon.api<Delivery[]>('GET', '/api/notifications');
      const failures = body.filter((delivery) => delivery.position === outcome.end.position && delivery.outcome === 'failed');
      return failures.length === 3 ? failures : undefined;
    });
    for (const delivery of failed) {
      expect(delivery.channel).toBe('mail');
      expect(delivery.attempts).toBeGreaterThan(1);
      expect(delivery.error).toBeTruthy();
    }
    expect(smtp.mails.length).toBe(mails);
    // The dead mail server held nothing up: the install was in the log before the first mail gave up.
    const firstFailure = (await log.events('type=NotificationFailed'))[0];
    expect(firstFailure?.position).toBeGreaterThan(outcome.end.position);
    const cli = await daemon.cli('notifications');
    expect(cli.stdout).toContain('failed');
    smtp.accept();
  });
});
