import { describe, expect, it, vi } from 'vitest';
import { MailSender } from './mail-sender.js';

// The factory runs only when nodemailer is imported.
const loaded = vi.hoisted(() => ({ nodemailer: false }));
vi.mock('nodemailer', async (importOriginal) => {
  loaded.nodemailer = true;
  return importOriginal();
});

describe('MailSender', () => {
  it('does not load nodemailer before its first mail (start-up time and memory of a daemon that sends none)', () => {
    const sender = new MailSender('smtp://mbd:secret@127.0.0.1:2525');
    sender.close();
    expect(loaded.nodemailer).toBe(false);
  });
});
