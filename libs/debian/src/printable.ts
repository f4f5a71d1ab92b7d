/** Shows untrusted text in an error message: control characters as `\xNN`, cut after `max` characters. */
export function printable(text: string, max = 80): string {
  const shown = text.length > max ? `${text.slice(0, max)}…` : text;
  let out = '';
  for (const c of shown) {
    const code = c.charCodeAt(0);
    out += isControl(code) ? `\\x${code.toString(16).padStart(2, '0')}` : c;
  }
  return out;
}

/** C0 controls and DEL. */
export function isControl(code: number): boolean {
  return code < 0x20 || code === 0x7f;
}

/** Index of the first control character other than tab in `line`, or -1. */
export function findControlCharacter(line: string): number {
  for (let i = 0; i < line.length; i++) {
    const code = line.charCodeAt(i);
    if (code !== 9 && isControl(code)) return i;
  }
  return -1;
}
