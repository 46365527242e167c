// Imported first by driver.ts, before any schema is built: zod decides at schema construction whether
// to compile parsers with `new Function`. Its eval probe passes when this bundle is loaded through CDP,
// but later calls run under the page's CSP (no eval), so use the interpreter, as the app does.
import { config } from 'zod';

config({ jitless: true });
