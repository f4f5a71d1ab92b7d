import { describe, expect, it } from 'vitest';
import { renderMail } from './render-mail.js';

describe('renderMail', () => {
  it('writes a rejection with every reason and the links', () => {
    const mail = renderMail({
      eventType: 'UploadRejected',
      position: 12,
      source: 'hello',
      version: '1.0-1',
      distribution: 'bookworm-test-unstable',
      uploadId: 'u1',
      reasons: ['the signature is not from an uploader', "version 1.0-1 does not match '~test12\\+[1-9]'"],
      links: ['http://mbd.example:8066/uploads/u1'],
    });
    expect(mail.subject).toBe('[mbd] hello 1.0-1 rejected');
    expect(mail.text).toContain('Reasons:\n  - the signature is not from an uploader\n  - version 1.0-1 does not match');
    expect(mail.text).toContain('http://mbd.example:8066/uploads/u1');
  });

  it('names the architecture of a failed build and shows the log’s tail', () => {
    const mail = renderMail({
      eventType: 'BuildFailed',
      position: 30,
      source: 'hello',
      version: '1.0-1',
      architecture: 'amd64',
      reasons: ['build failed'],
      logTail: 'make: *** [all] Error 2\nE: Build failure',
      links: ['http://mbd.example:8066/builds/b1'],
    });
    expect(mail.subject).toBe('[mbd] hello 1.0-1 failed on amd64');
    expect(mail.text).toContain('  make: *** [all] Error 2\n  E: Build failure');
    expect(mail.text).toContain('/builds/b1');
  });

  it('says where a package was installed, migrated to or removed from', () => {
    const base = { position: 1, source: 'hello', version: '1.0-1', reasons: [], links: [] };
    expect(renderMail({ ...base, eventType: 'PackageInstalled', distribution: 'bookworm-test-unstable' }).subject).toBe('[mbd] hello 1.0-1 installed in bookworm-test-unstable');
    expect(renderMail({ ...base, eventType: 'PackageMigrated', distribution: 'bookworm-test-testing', from: 'bookworm-test-unstable' }).subject).toBe(
      '[mbd] hello 1.0-1 migrated to bookworm-test-testing',
    );
    expect(renderMail({ ...base, eventType: 'PackageRemoved', distribution: 'bookworm-test-unstable' }).subject).toBe('[mbd] hello 1.0-1 removed from bookworm-test-unstable');
  });

  it('keeps control characters of a log or a reason out of the subject and the body', () => {
    const mail = renderMail({ eventType: 'UploadRejected', position: 2, source: 'hello', reasons: ['bad\r\nBcc: victim@example.org\u001b[31m'], links: [] });
    expect(mail.subject).not.toMatch(/[\r\n]/);
    expect(mail.text).not.toContain('\r');
    expect(mail.text).not.toContain('\u001b');
  });
});
