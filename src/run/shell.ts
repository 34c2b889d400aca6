/** Quote a word for a POSIX shell only when it needs it, so recorded commands can be pasted back. */
export function shellQuote(s: string): string {
  return /^[\w./=:,@+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
