import type { Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';

export interface OutgoingMail {
  readonly from: string;
  readonly to: string;
  readonly subject: string;
  readonly text: string;
}

/** Connect, greeting and socket timeouts: a mail server that hangs fails the attempt instead of holding the queue. */
const TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 };

/**
 * Sends notification mails through the SMTP server at `smtpUrl` (nodemailer, one connection per mail).
 * A user and password over smtp:// are sent only after STARTTLS (requireTLS): a server that does not
 * offer it fails the mail instead of receiving the password in the clear.
 */
export class MailSender {
  private readonly options: SMTPTransport.Options;
  /** nodemailer is loaded with the first mail: a daemon that sends none does not carry it. */
  private transport?: Promise<Transporter>;

  /** `smtpUrl` as the config validated it (MBD_SMTP_URL). */
  constructor(smtpUrl: string) {
    const url = new URL(smtpUrl);
    const secure = url.protocol === 'smtps:';
    const auth = url.username === '' ? undefined : { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) };
    this.options = {
      host: url.hostname,
      port: url.port === '' ? (secure ? 465 : 25) : Number(url.port),
      secure,
      ...(auth === undefined ? {} : { auth, requireTLS: !secure }),
      ...TIMEOUTS,
    };
  }

  /** The server took the mail; throws with the server's or the socket's message otherwise. */
  async send(mail: OutgoingMail): Promise<void> {
    this.transport ??= import('nodemailer').then(({ createTransport }) => createTransport(this.options));
    await (await this.transport).sendMail({ ...mail });
  }

  close(): void {
    void this.transport?.then((transport) => transport.close()).catch(() => undefined); // a transport that never loaded has nothing to close
  }
}

/** `smtp://host:port` without user or password: what may be shown and logged of MBD_SMTP_URL. */
export const smtpServerName = (smtpUrl: string): string => {
  const url = new URL(smtpUrl);
  return `${url.protocol}//${url.host}`;
};
