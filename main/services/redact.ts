/**
 * Redaction for what leaves the machine in a diagnostics file. Two layers: log lines keep only the
 * fields the app's own logging writes for operations (everything else, such as a bundle or a request
 * body that found its way into a line, is dropped and named), and every string kept is scrubbed of
 * tokens, passwords, secrets in URLs, quoted text and Chinese text (case content is mostly Chinese;
 * the app's own messages are English).
 */

export const REDACTED = '[redacted]';

/** Query parameters and key=value pairs that carry credentials (`t` is browser mode's one-time launch token, `s` its older launch secret). */
const SECRET_PARAM = /([?&;](?:s|t|token|access_token|refresh_token|password|passwd|secret|key|sig|signature|code)=)[^&#\s"']+/gi;
const SECRET_PAIR = /\b(password|passwd|pwd|secret|token|accessToken|refreshToken|apiKey|api_key)(\s*[=:]\s*)("[^"]*"|'[^']*'|[^\s,;&]+)/gi;
const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi;
const USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^/\s@:]+(?::[^/\s@]*)?@/gi;
const COOKIE = /\b(gavel[_-][\w-]*=)[^;\s"]+/gi;
/**
 * Opaque credentials: long runs of base64url or hex (tokens and the launch secret are base64url).
 * '/' and '.' end a run, so file paths in stack traces survive; UUIDs (case and user ids) are kept.
 */
const OPAQUE = /[A-Za-z0-9_+=-]{32,}/g;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const QUOTED = /"[^"\n]*"|“[^”\n]*”|「[^」\n]*」|『[^』\n]*』|‘[^’\n]*’/g;
const CJK = /[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]+/g;

/** Scrub one string; `secrets` are exact values known to be secret (the launch secret, tokens). */
export function redactText(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= 6) out = out.split(secret).join(REDACTED);
  return out
    .replace(USERINFO, `$1${REDACTED}@`)
    .replace(BEARER, `$1 ${REDACTED}`)
    .replace(SECRET_PARAM, `$1${REDACTED}`)
    .replace(SECRET_PAIR, `$1$2${REDACTED}`)
    .replace(COOKIE, `$1${REDACTED}`)
    .replace(QUOTED, (q) => (q.includes(REDACTED) ? q : `"${REDACTED}"`))
    .replace(CJK, REDACTED)
    .replace(OPAQUE, (run) => (UUID.test(run) ? run : REDACTED));
}

/** An http(s) address reduced to scheme, host and port: paths and queries may carry tokens. */
export function redactUrl(raw: string | undefined | null): string | null {
  if (!raw) return null;
  try {
    return new URL(raw).origin;
  } catch {
    return REDACTED;
  }
}

/** Fields a log line may keep, and for objects, which of theirs. Everything else is dropped. */
const KEEP: Record<string, true | readonly string[]> = {
  level: true,
  time: true,
  pid: true,
  msg: true,
  component: true,
  reqId: true,
  responseTime: true,
  signal: true,
  channel: true,
  code: true,
  status: true,
  engine: true,
  version: true,
  seeded: true,
  ms: true,
  count: true,
  phase: true,
  req: ['method', 'url'],
  res: ['statusCode'],
  err: ['type', 'message', 'code', 'stack'],
};

/** One JSON log line made safe to send; lines that are not JSON are scrubbed as text. */
export function redactLogLine(line: string, secrets: readonly string[] = []): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return redactText(line, secrets);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return redactText(line, secrets);
  const out: Record<string, unknown> = {};
  const dropped: string[] = [];
  for (const [key, value] of Object.entries(parsed)) {
    const rule = KEEP[key];
    if (!rule) {
      dropped.push(key);
      continue;
    }
    if (rule === true) out[key] = scrubValue(value, secrets);
    else if (typeof value === 'object' && value !== null) {
      const inner: Record<string, unknown> = {};
      for (const k of rule) if (k in value) inner[k] = scrubValue((value as Record<string, unknown>)[k], secrets);
      out[key] = inner;
    }
  }
  if (dropped.length) out.redacted = dropped;
  return JSON.stringify(out);
}

function scrubValue(value: unknown, secrets: readonly string[]): unknown {
  if (typeof value === 'string') return redactText(value, secrets);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return value;
  return REDACTED;
}
