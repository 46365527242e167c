/**
 * Hosts the app may open in the user's browser (help pages, the platform's rule centre). Everything else
 * is refused: a compromised renderer must not be able to launch arbitrary URLs or schemes through us.
 */
export const EXTERNAL_LINK_ALLOWLIST: readonly string[] = ['github.com', 'www.electronjs.org'];

/**
 * Parse a URL coming from the renderer (as `unknown`) and return it only when it is http(s) and its host
 * is on the allowlist (exactly, or a subdomain of an entry).
 */
export function allowedExternalUrl(raw: unknown, allowlist: readonly string[] = EXTERNAL_LINK_ALLOWLIST): URL | null {
  if (typeof raw !== 'string' || raw.length > 2048) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  if (url.username || url.password) return null;
  const host = url.hostname.toLowerCase();
  return allowlist.some((entry) => host === entry || host.endsWith(`.${entry}`)) ? url : null;
}
