import { describe, expect, it } from 'vitest';
import { pgSkipReason } from './pgCluster';

describe('pgSkipReason', () => {
  it('skips visibly where PostgreSQL is missing, and fails where it is required (CI)', () => {
    const missing = 'PostgreSQL binary "initdb" is missing';
    expect(pgSkipReason(missing, {})).toBe(missing);
    expect(pgSkipReason(missing, { CI: '' })).toBe(missing);
    expect(pgSkipReason(missing, { CI: 'false' })).toBe(missing);
    expect(() => pgSkipReason(missing, { GAVEL_REQUIRE_PG: '1' })).toThrow(/required/);
    expect(() => pgSkipReason(missing, { CI: 'true' })).toThrow(/initdb/);
    expect(pgSkipReason(null, { GAVEL_REQUIRE_PG: '1' })).toBeNull();
  });
});
