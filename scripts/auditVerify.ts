/**
 * `npm run audit:verify [-- --data-dir DIR] [--seal] [--checkpoint FILE] [--export-checkpoint FILE] [--json]`:
 * recomputes the audit log's keyed hash chain and reports every modified, deleted or forged row.
 * DATABASE_URL selects PostgreSQL; otherwise the PGlite data folder (default .data/server; stop the
 * server first, PGlite is single-process). The audit key is found as the server finds it
 * (GAVEL_AUDIT_KEY, GAVEL_AUDIT_KEY_FILE, or audit.key beside the data; see server/services/auditKey.ts).
 * `--checkpoint FILE` also proves the chain still holds a checkpoint taken earlier (from
 * GET /v1/admin/audit/checkpoint or `--export-checkpoint`): a truncated tail, a rewound head or a
 * recomputed chain fails it. `--export-checkpoint FILE` writes one after a clean verification.
 * Exit code 0 = chain intact, 1 = tampering found, 2 = could not check.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { AuditCheckpointSchema } from '../common/api/auth';
import { openDatabase } from '../server/db/database';
import { parseCli } from '../server/cli.mjs';
import { auditCheckpoint, sealAll, useAuditKey, verifyAudit } from '../server/services/audit';
import { auditKeySource, loadAuditKey } from '../server/services/auditKey';

const USAGE = `usage: npm run audit:verify -- [--data-dir DIR] [--seal] [--checkpoint FILE] [--export-checkpoint FILE] [--json]

Recomputes the audit log's keyed hash chain and reports every modified, deleted or forged row.
DATABASE_URL selects PostgreSQL; otherwise the PGlite data folder (stop the server first).
The audit key is found as the server finds it: GAVEL_AUDIT_KEY, GAVEL_AUDIT_KEY_FILE, or audit.key
beside the data.

  --data-dir DIR                PGlite data folder (default .data/server)
  --seal                        chain rows not yet sealed before checking (appends links; never rewrites)
  --checkpoint FILE             also prove the chain still holds this signed checkpoint
  --export-checkpoint FILE      write a signed checkpoint of the head after a clean check
  --json                        print the report as JSON
  -h, --help                    this text

Exit code 0 = chain intact, 1 = tampering found, 2 = could not check.`;

const { values } = parseCli({
  name: 'audit:verify',
  usage: USAGE,
  options: {
    'data-dir': { type: 'string' },
    seal: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    checkpoint: { type: 'string' },
    'export-checkpoint': { type: 'string' },
  },
});
const url = process.env.DATABASE_URL;
try {
  const dataDir = path.resolve(values['data-dir'] ?? '.data/server');
  const source = auditKeySource({ dataDir, postgres: !!url });
  if (!source) throw new Error('no audit key: set GAVEL_AUDIT_KEY or GAVEL_AUDIT_KEY_FILE');
  if ('file' in source) readFileSync(source.file); // a verifier never makes up a key: a missing file is an error
  useAuditKey(loadAuditKey(source));
  const checkpoint = values.checkpoint ? AuditCheckpointSchema.parse(JSON.parse(readFileSync(values.checkpoint, 'utf8'))) : undefined;
  const database = url ? await openDatabase({ url, poolSize: 2 }) : await openDatabase({ dataDir });
  try {
    // Sealing only appends chain links to rows not yet chained; it never rewrites sealed rows.
    if (values.seal) await sealAll(database.db);
    const report = await verifyAudit(database.db, { checkpoint });
    if (values.json) console.log(JSON.stringify(report, null, 2));
    else {
      console.log(
        `audit chain: ${report.sealed} sealed rows (${report.legacy} from before the key), ${report.unsealed} not yet sealed, ${report.rejected} kept out (${database.engine})` +
          (checkpoint ? `; checkpoint of ${checkpoint.at} at position ${checkpoint.pos}` : ''),
      );
      for (const p of report.problems) console.log(`  ✗ position ${p.chainPos ?? '?'}${p.id !== null ? ` (row id ${p.id})` : ''}: ${p.problem}`);
      console.log(report.ok ? '✓ intact' : `✗ ${report.problems.length} problem(s): the audit log was modified`);
    }
    if (report.ok && values['export-checkpoint']) {
      const cp = await auditCheckpoint(database.db);
      writeFileSync(values['export-checkpoint'], `${JSON.stringify(cp, null, 2)}\n`);
      if (!values.json) console.log(`checkpoint written to ${values['export-checkpoint']} (position ${cp.pos}); keep it away from the database`);
    }
    process.exitCode = report.ok ? 0 : 1;
  } finally {
    await database.close();
  }
} catch (err) {
  console.error(`audit:verify could not run: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 2;
}
