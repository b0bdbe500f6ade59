const dateTime = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
const dateOnly = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone: "UTC" });

/** The first seven characters, as git and GitHub abbreviate commits. */
export function shortSha(sha: string): string {
  return sha.slice(0, 7);
}

/** In UTC: pages are rendered on the server, which does not know the reader's time zone. */
export function formatDateTime(date: Date): string {
  return `${dateTime.format(date)} UTC`;
}

export function formatDate(date: Date): string {
  return dateOnly.format(date);
}
