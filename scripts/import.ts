/**
 * `npm run import -- --in FILE --server URL [--token T | --username U]`: streams an NDJSON file of case
 * bundles to a running server's POST /v1/import and prints the server's summary. The server answers
 * per item as each batch commits, which is what the progress shows. Idempotent by externalId, so an
 * interrupted import is simply run again.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { ImportItemResultSchema, ImportSummarySchema, TokenResponseSchema } from '../common/api';
import { createProgress, parseCli, usageError } from '../server/cli.mjs';

const USAGE = `usage: npm run import -- --in FILE --server URL [--token T | --username U]

Streams case bundles (NDJSON, e.g. from npm run generate) to a Gavel server's import API and prints
the summary. Idempotent by externalId: run it again after an interruption.

  --in FILE        the bundles (NDJSON)
  --server URL     the server, e.g. http://127.0.0.1:8787
  --token T        an admin access token (or GAVEL_TOKEN)
  --username U     sign in as this admin instead; the password is read from GAVEL_PASSWORD
  -h, --help       this text

Exit code 0 = every item imported, 1 = some items invalid (listed on stderr), 2 = could not import.`;

const { values } = parseCli({
  name: 'import',
  usage: USAGE,
  options: { in: { type: 'string' }, server: { type: 'string' }, token: { type: 'string' }, username: { type: 'string' } },
});

function fail(message: string): never {
  console.error(`import: ${message}`);
  process.exit(2);
}

async function countLines(file: string): Promise<number> {
  let n = 0;
  for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) if (line.trim()) n++;
  return n;
}

/** Lines of a streamed NDJSON answer, as they arrive. */
async function* ndjsonLines(body: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let rest = '';
  for await (const chunk of body) {
    const lines = (rest + decoder.decode(chunk, { stream: true })).split('\n');
    rest = lines.pop() ?? '';
    yield* lines;
  }
  if (rest) yield rest;
}

async function signIn(server: URL): Promise<string> {
  const token = values.token ?? process.env.GAVEL_TOKEN;
  if (token) return token;
  if (!values.username) usageError('import', USAGE, 'give --token (or GAVEL_TOKEN), or --username with GAVEL_PASSWORD');
  const password = process.env.GAVEL_PASSWORD;
  if (!password) usageError('import', USAGE, '--username needs the password in GAVEL_PASSWORD');
  const res = await fetch(new URL('/v1/auth/login', server), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: values.username, password }),
  });
  if (!res.ok) fail(`sign-in as ${values.username} failed: HTTP ${res.status} ${await res.text()}`);
  return TokenResponseSchema.parse(await res.json()).accessToken;
}

async function main(): Promise<void> {
  if (!values.in) usageError('import', USAGE, '--in FILE is required');
  if (!values.server) usageError('import', USAGE, '--server URL is required');
  let server: URL;
  try {
    server = new URL(values.server);
  } catch {
    usageError('import', USAGE, `--server is not a URL: ${values.server}`);
  }
  await stat(values.in).catch((e: unknown) => fail(`cannot read ${values.in}: ${e instanceof Error ? e.message : String(e)}`));
  const total = await countLines(values.in);
  const token = await signIn(server);
  const progress = createProgress({ label: 'import', total, unit: 'bundles' });
  // A streamed request body must say it is half-duplex (undici); the DOM typing of RequestInit lacks the field.
  const init: RequestInit & { duplex: 'half' } = {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson', accept: 'application/x-ndjson' },
    // Node's web stream and the DOM typing of BodyInit are the same thing at run time but not to tsc.
    body: Readable.toWeb(createReadStream(values.in)) as RequestInit['body'],
    duplex: 'half',
  };
  const res = await fetch(new URL('/v1/import', server), init);
  if (!res.ok || !res.body) fail(`the server refused the import: HTTP ${res.status} ${await res.text()}`);
  let invalid = 0;
  let summary: unknown;
  for await (const line of ndjsonLines(res.body)) {
    if (!line.trim()) continue;
    const message = JSON.parse(line) as Record<string, unknown>;
    if ('error' in message) fail(`the import stopped: ${JSON.stringify(message.error)}`);
    if ('summary' in message) {
      summary = message.summary;
      continue;
    }
    const item = ImportItemResultSchema.parse(message);
    if (item.status === 'invalid') {
      invalid++;
      for (const issue of item.issues ?? []) console.error(`line ${item.index + 1}: ${issue.path}: ${issue.message}`);
    }
    progress.tick();
  }
  progress.done();
  const s = ImportSummarySchema.parse(summary);
  console.log(`import: ${s.received} received, ${s.created} created, ${s.updated} updated, ${s.unchanged} unchanged, ${s.invalid} invalid`);
  process.exitCode = invalid ? 1 : 0;
}

await main().catch((e: unknown) => fail(e instanceof Error ? e.message : String(e)));
