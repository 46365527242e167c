import { sql, type RawBuilder } from 'kysely';

/**
 * Hot statements (claim, apply a mutation) are run thousands of times a second with the same text;
 * planning them again on every call was about a third of PostgreSQL's time per statement. A
 * statement whose text starts with `PREPARED` is sent as a named prepared statement instead: parsed
 * and planned once per connection, then only bound and executed. The name is a hash of the text,
 * so different texts never collide; only a handful of fixed texts carry the marker, which bounds
 * the statements each connection keeps. On PGlite the marker is an ordinary comment.
 * Keep parameter values out of what decides the plan shape (e.g. LIMIT is inlined as a literal):
 * after five executions PostgreSQL may switch to a generic plan that cannot see the values.
 */
export const PREPARED = '/* prepared */ ';
/** Marks a statement as prepared (see PREPARED). */
export function prepared<T>(query: RawBuilder<T>): RawBuilder<T> {
  return sql<T>`${sql.raw(PREPARED)}${query}`;
}
