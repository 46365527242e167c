/**
 * Inserting note snippets (already filled with the case's values) into the note. The insert key
 * cycles: pressed again right after an insert, it swaps the snippet it just added for the next
 * one; otherwise it adds the first after what the arbitrator wrote. Words of their own are never
 * replaced.
 */

/** The note with `snippet` added after what is there (a space between words of a Latin script). */
export function appendSnippet(note: string, snippet: string): string {
  const head = note.trimEnd();
  if (!head) return snippet;
  return /[\p{Script=Han}\p{P}]$/u.test(head) ? `${head}${snippet}` : `${head} ${snippet}`;
}

/** The note after the insert key: the next of `options` (rendered, in order) in place of the one at its end, or the first appended. */
export function cycleSnippet(note: string, options: readonly string[]): string {
  if (options.length === 0) return note;
  const trimmed = note.trimEnd();
  // The longest option the note ends with, so one snippet ending with another is still recognised whole.
  let at = -1;
  options.forEach((o, i) => {
    if (o && trimmed.endsWith(o) && (at < 0 || o.length > options[at]!.length)) at = i;
  });
  if (at < 0) return appendSnippet(note, options[0]!);
  return appendSnippet(trimmed.slice(0, trimmed.length - options[at]!.length), options[(at + 1) % options.length]!);
}
