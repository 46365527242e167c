/**
 * `npm run audit:verify [-- --data-dir DIR] [--seal]`: recomputes the audit log's hash chain and
 * reports every modified or deleted row. DATABASE_URL selects PostgreSQL; otherwise the PGlite data
 * folder (default .data/server; stop the server first, PGlite is single-process).
 * Exit code 0 = chain intact, 1 = tampering found, 2 = could not check.
 */
import path from 'node:path';
import { openDatabase } from '../server/db/database';
import { parseCli } from '../server/cli.mjs';
import { sealAll, verifyAudit } from '../server/services/audit';

const USAGE = `usage: npm run audit:verify -- [--data-dir DIR] [--seal] [--json]

Recomputes the audit log's hash chain and reports every modified or deleted row.
DATABASE_URL selects PostgreSQL; otherwise the PGlite data folder (stop the server first).

  --data-dir DIR   PGlite data folder (default .data/server)
  --seal           chain rows not yet sealed before checking (appends links; never rewrites)
  --json           print the report as JSON
  -h, --help       this text

Exit code 0 = chain intact, 1 = tampering found, 2 = could not check.`;

const { values } = parseCli({
  name: 'audit:verify',
  usage: USAGE,
  options: { 'data-dir': { type: 'string' }, seal: { type: 'boolean', default: false }, json: { type: 'boolean', default: false } },
});
const url = process.env.DATABASE_URL;
try {
  const database = url ? await openDatabase({ url, poolSize: 2 }) : await openDatabase({ dataDir: path.resolve(values['data-dir'] ?? '.data/server') });
  try {
    // Sealing only appends chain links to rows not yet chained; it never rewrites sealed rows.
    if (values.seal) await sealAll(database.db);
    const report = await verifyAudit(database.db);
    if (values.json) console.log(JSON.stringify(report, null, 2));
    else {
      console.log(`audit chain: ${report.sealed} sealed rows, ${report.unsealed} not yet sealed (${database.engine})`);
      for (const p of report.problems) console.log(`  ✗ position ${p.chainPos ?? '?'}${p.id !== null ? ` (row id ${p.id})` : ''}: ${p.problem}`);
      console.log(report.ok ? '✓ intact' : `✗ ${report.problems.length} problem(s): the audit log was modified`);
    }
    process.exitCode = report.ok ? 0 : 1;
  } finally {
    await database.close();
  }
} catch (err) {
  console.error(`audit:verify could not run: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 2;
}
