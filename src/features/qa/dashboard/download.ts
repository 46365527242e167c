/**
 * Saves text as a file from the renderer: a Blob URL on a temporary <a download>. No network and
 * no IPC: the CSP allows blob: URLs, and a download is not a navigation, so the navigation guards
 * in main (will-navigate) and in browser mode do not interfere.
 */
export function downloadText(filename: string, text: string, mime: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  // Revoking at once can cancel the download in Chromium; a minute is plenty for it to start.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** "gavel-qa-pairs-2026-11-23T0930.csv": sortable, and legal on Windows (no colons). */
export function exportFileName(stem: string, at: Date, ext: string): string {
  const stamp = at.toISOString().slice(0, 16).replace(':', '');
  return `gavel-${stem}-${stamp}.${ext}`;
}
