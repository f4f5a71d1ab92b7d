import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SmtpSink } from '../../../../test/support/smtp-sink.js';
import { MailSender } from './mail-sender.js';

const mail = { from: 'mbd@example.org', to: 'jane@example.org', subject: 'hello', text: 'a mail' };

describe('MailSender (real SMTP server without STARTTLS)', () => {
  let smtp: SmtpSink;

  beforeAll(async () => {
    smtp = await SmtpSink.start();
  });

  afterAll(async () => {
    await smtp?.stop();
  });

  it('sends a mail through smtp:// without a password', async () => {
    const sender = new MailSender(smtp.url);
    try {
      await sender.send(mail);
    } finally {
      sender.close();
    }
    expect(smtp.to('jane@example.org').map((received) => received.subject)).toEqual(['hello']);
  });

  it('refuses to send a password over smtp:// to a server that offers no STARTTLS', async () => {
    const before = smtp.mails.length;
    const sender = new MailSender(`smtp://mailer:s3cret@127.0.0.1:${smtp.port}`);
    try {
      await expect(sender.send(mail)).rejects.toThrow(/STARTTLS/);
    } finally {
      sender.close();
    }
    expect(smtp.mails.length).toBe(before);
  });
});
