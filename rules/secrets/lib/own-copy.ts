/**
 * A copy of `text` that holds its own characters. V8 returns a substring of 13 characters or
 * more as a view into the whole string it was cut from, so a short key or ID kept in a
 * long-lived map would keep a whole window of evidence (megabytes) alive with it.
 */
export function ownCopy(text: string): string {
  return text.length < 13 ? text : (JSON.parse(JSON.stringify(text)) as string);
}
