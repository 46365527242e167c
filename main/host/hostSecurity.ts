import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import net from 'node:net';

/**
 * Pure checks for the browser-mode host. The host serves a privileged API (everything main can do) on a
 * TCP port, so every request proves three things: it targets us by a loopback name (DNS rebinding),
 * it comes from our own origin when a browser says where it comes from (CSRF, cross-site WebSocket
 * hijacking), and it carries the session cookie (other local users and processes).
 *
 * The per-launch secret never leaves the host process: the session cookie is derived from it and
 * the port (so it opens only this host, this launch), and the browser gets the cookie by spending a
 * one-time launch token, from a 0600 file only this user can read or from a link printed on the
 * terminal; a token in a browser's history or in a process list is already spent or never there.
 */

/** Normalise a bind address, refusing anything that is not loopback. */
export function loopbackBindAddress(host: string): string {
  const h = host.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (h === 'localhost') return '127.0.0.1';
  if (net.isIPv4(h) && h.startsWith('127.')) return h;
  if (net.isIPv6(h) && (h === '::1' || h === '0:0:0:0:0:0:0:1')) return '::1';
  throw new Error(
    `Refusing to bind the Gavel host to "${host}": it exposes the app's privileged API, so it only listens on loopback (127.0.0.1 or ::1).`,
  );
}

/** The `host:port` names a browser may legitimately use to reach a host bound to `bindAddress:port`. */
export function allowedHostNames(bindAddress: string, port: number): string[] {
  const names = bindAddress === '::1' ? [`[::1]:${port}`, `localhost:${port}`] : [`${bindAddress}:${port}`];
  if (bindAddress === '127.0.0.1') names.push(`localhost:${port}`);
  return names;
}

export function allowedOrigins(bindAddress: string, port: number): string[] {
  return allowedHostNames(bindAddress, port).map((h) => `http://${h}`);
}

export function isAllowedHostHeader(header: string | undefined, allowed: readonly string[]): boolean {
  return header !== undefined && allowed.includes(header.toLowerCase());
}

/**
 * Origin checks. `required` is true for the WebSocket upgrade: browsers always send Origin there, and
 * a missing one means a non-browser client, which must then still pass the cookie check.
 */
export function isAllowedOrigin(header: string | undefined, allowed: readonly string[], required: boolean): boolean {
  if (header === undefined) return !required;
  return allowed.includes(header.toLowerCase());
}

export function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  if (!header) return cookies;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    if (!cookies.has(name)) cookies.set(name, part.slice(eq + 1).trim());
  }
  return cookies;
}

/** Constant-time comparison so the secret cannot be guessed byte by byte from response timing. */
export function secretMatches(candidate: string | undefined | null, secret: string): boolean {
  if (typeof candidate !== 'string') return false;
  const a = Buffer.from(candidate);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The request target as a URL on a fixed placeholder origin, or null when it is not an origin-form
 * path. `new URL('//', base)` throws (a scheme-relative reference with an empty host), and so do other
 * targets a raw client can send; prefixing the placeholder origin keeps every path ours, whatever its
 * slashes, so no target can name another host.
 */
export function parseRequestTarget(target: string | undefined): URL | null {
  if (typeof target !== 'string' || !target.startsWith('/')) return null;
  try {
    const url = new URL(`http://host.invalid${target}`);
    return url.host === 'host.invalid' ? url : null;
  } catch {
    return null;
  }
}

/** Cookies are not port-scoped, so the name carries the port: two hosts on one machine don't collide. */
export const sessionCookieName = (port: number): string => `gavel_session_${port}`;

/** The session cookie's value: derived from the launch secret and bound to the port, so the secret itself never travels. */
export function sessionCookieValue(secret: string, port: number): string {
  return createHmac('sha256', secret).update(`gavel-session|${port}`).digest('base64url');
}

/**
 * One-time launch tokens: each opens one browser session (it is spent on first use) and dies after
 * `ttlMs` unused. What a history database or a screen reader of the terminal later finds is dead.
 */
export class LaunchTokens {
  private readonly live = new Map<string, number>();
  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}
  mint(ttlMs = this.ttlMs): string {
    const token = randomBytes(32).toString('base64url');
    this.live.set(token, this.now() + ttlMs);
    return token;
  }
  /** True once for a live token; false for anything else, and for it ever after. */
  spend(candidate: string | null | undefined): boolean {
    const t = this.now();
    for (const [k, until] of this.live) if (until <= t) this.live.delete(k);
    if (typeof candidate !== 'string') return false;
    for (const k of this.live.keys()) {
      if (secretMatches(candidate, k)) {
        this.live.delete(k);
        return true;
      }
    }
    return false;
  }
}
