const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;
const RFC_2822 = /^(?:(Mon|Tue|Wed|Thu|Fri|Sat|Sun),\s*)?(\d{1,2})\s+(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\s+(\d{4})\s+(\d{1,2}):(\d{2}):(\d{2})\s+([+-])(\d{2})(\d{2})$/;

/** Parses `Mon, 02 Jan 2023 10:00:00 +0100` (the form `date -R` writes; spacing as loose as dpkg allows), or undefined. */
export function parseRfc2822Date(text: string): Date | undefined {
  const match = RFC_2822.exec(text);
  if (match === null) return undefined;
  const [, , day, month, year, hours, minutes, seconds, sign, offsetHours, offsetMinutes] = match as unknown as string[];
  const offset = (sign === '-' ? -1 : 1) * (Number(offsetHours) * 60 + Number(offsetMinutes));
  const utc = Date.UTC(Number(year), MONTHS.indexOf(month as (typeof MONTHS)[number]), Number(day), Number(hours), Number(minutes), Number(seconds));
  const date = new Date(utc - offset * 60_000);
  const valid = new Date(utc).getUTCDate() === Number(day) && Number(hours) < 24 && Number(minutes) < 60 && Number(seconds) < 61;
  return valid ? date : undefined;
}

/** Formats an instant as dpkg does, in UTC: `Mon, 02 Jan 2023 09:00:00 +0000`. */
export function formatRfc2822Date(date: Date): string {
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${DAYS[date.getUTCDay()]}, ${two(date.getUTCDate())} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()} ${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} +0000`;
}
