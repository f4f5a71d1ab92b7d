import { createTransport, type Transporter } from 'nodemailer';

export interface OutgoingMail {
  readonly from: string;
  readonly to: string;
  readonly subject: string;
  readonly text: string;
}

/** Connect, greeting and socket timeouts: a mail server that hangs fails the attempt instead of holding the queue. */
const TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 };

/** Sends notification mails through the SMTP server at `smtpUrl` (nodemailer, one connection per mail). */
export class MailSender {
  private readonly transport: Transporter;

  constructor(smtpUrl: string) {
    const url = new URL(smtpUrl);
    this.transport = createTransport({
      host: url.hostname,
      port: url.port === '' ? (url.protocol === 'smtps:' ? 465 : 25) : Number(url.port),
      secure: url.protocol === 'smtps:',
      ...(url.username === '' ? {} : { auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } }),
      ...TIMEOUTS,
    });
  }

  /** The server took the mail; throws with the server's or the socket's message otherwise. */
  async send(mail: OutgoingMail): Promise<void> {
    await this.transport.sendMail({ ...mail });
  }

  close(): void {
    this.transport.close();
  }
}

/** `smtp://host:port` without user or password: what may be shown and logged of MBD_SMTP_URL. */
export const smtpServerName = (smtpUrl: string): string => {
  const url = new URL(smtpUrl);
  return `${url.protocol}//${url.host}`;
};
