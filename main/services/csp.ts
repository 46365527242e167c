/**
 * The renderer's Content Security Policy. The renderer never talks to the network itself (main does),
 * so `connect-src 'self'` is the whole story: no remote fetch, WebSocket or image beacon. The same text
 * is in src/index.html as a meta tag (csp.test.ts keeps the two identical); the header adds what a meta
 * tag cannot carry.
 */
export const RENDERER_CSP = [
  "default-src 'self'",
  "connect-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "object-src 'none'",
  "frame-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/** Header form for app:// responses: also forbids being framed (not expressible in a meta tag). */
export const RENDERER_CSP_HEADER = `${RENDERER_CSP}; frame-ancestors 'none'`;

/**
 * Browser mode adds a CSP sandbox without `allow-popups`: a plain browser has no setWindowOpenHandler,
 * so this is what makes `window.open` return null there. Top-level navigation is guarded by the bridge.
 * `allow-downloads` lets the QA dashboard save its CSV and calibration pack (blob: URLs it made
 * itself); a download of another origin's URL is a navigation, which the bridge cancels.
 */
export const HOST_CSP_HEADER = `${RENDERER_CSP_HEADER}; sandbox allow-scripts allow-same-origin allow-forms allow-downloads`;

/** Headers sent with every renderer response, in Electron and browser mode. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), usb=(), serial=(), hid=()',
};
