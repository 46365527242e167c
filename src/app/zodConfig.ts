// Imported first by main.tsx, before any schema exists. zod compiles object parsers with
// `new Function` when it can; it finds out by trying, and under the renderer's CSP (no 'unsafe-eval')
// every try is a blocked eval reported as a CSP violation. The interpreter is what runs anyway, so
// say so up front and keep the violation reports for real attacks (e2e/hostile-corpus.spec.ts
// fails on any violation).
import { config } from 'zod';

config({ jitless: true });
