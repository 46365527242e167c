import { describe, it } from 'vitest';
import { PG_SKIP_REASON } from '../../testing/serverHarness';

/** A visible skip: counted as skipped and named, never a PostgreSQL variant that silently vanished. */
export function describePgSkipped(what: string): void {
  if (PG_SKIP_REASON) describe.skip(`${what} on postgres: SKIPPED (${PG_SKIP_REASON})`, () => it('needs PostgreSQL binaries', () => undefined));
}
