import { isControl } from '@mbd/debian';
import { noticeVerb, type Notice } from './notice.js';

export interface NotificationMail {
  readonly subject: string;
  readonly text: string;
}

/** Control characters (but newline and tab) are dropped: a log line cannot forge headers or terminal escapes. */
const printable = (text: string): string => [...text].filter((c) => c === '\n' || c === '\t' || !isControl(c.charCodeAt(0))).join('');

/**
 * The mail about `notice`, subject as mini-buildd's (`[mbd] hello 1.0-1 rejected`), the body with every
 * reason, a failed build's log tail and the links. It holds only what the log holds (no secrets).
 */
export function renderMail(notice: Notice): NotificationMail {
  const what = [notice.source ?? '(unknown source)', notice.version].filter((part) => part !== undefined).join(' ');
  const subject = printable(`[mbd] ${what} ${noticeVerb(notice)}`).replace(/\s+/g, ' ').slice(0, 200);
  const lines: string[] = [subject.replace(/^\[mbd\] /, ''), ''];
  const field = (name: string, value: string | undefined) => {
    if (value !== undefined) lines.push(`${name}: ${value}`);
  };
  field('Source', notice.source);
  field('Version', notice.version);
  field('Distribution', notice.distribution);
  field('From', notice.from);
  field('Architecture', notice.architecture);
  field('Upload', notice.uploadId);
  field('Changed-By', notice.changedBy);
  field('Maintainer', notice.maintainer);
  if (notice.reasons.length > 0) {
    lines.push('', notice.reasons.length === 1 ? 'Reason:' : 'Reasons:');
    for (const reason of notice.reasons) lines.push(`  - ${reason}`);
  }
  if (notice.logTail !== undefined && notice.logTail !== '') {
    lines.push('', 'The end of the build log:', '', ...notice.logTail.split('\n').map((line) => `  ${line}`));
  }
  if (notice.links.length > 0) lines.push('', ...notice.links);
  lines.push('', `-- mbd, log position ${notice.position}`);
  return { subject, text: printable(lines.join('\n')) + '\n' };
}
