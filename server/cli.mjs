// Command-line behaviour shared by every Gavel command (the server and each script): `--help` prints
// the usage and exits 0 before anything else runs; a bad flag is one line plus the usage on stderr and
// exit 2, never a stack trace; long work reports progress. Plain JavaScript so the scripts that plain
// Node starts (start.mjs, test.mjs) use the same code as the TypeScript ones; types in cli.d.mts.
import { parseArgs } from 'node:util';

/** Exit code for a command line that could not be understood. */
export const USAGE_EXIT = 2;

/**
 * parseArgs with `--help`/`-h`, and errors turned into a one-line message plus the usage.
 * `usage` is the whole help text: a first line `usage: …` and a line per option.
 */
export function parseCli({ name, usage, options = {}, allowPositionals = false, args = process.argv.slice(2) }) {
  const all = { ...options, help: { type: 'boolean', short: 'h', default: false } };
  let parsed;
  try {
    parsed = parseArgs({ args: [...args], options: all, allowPositionals, strict: true });
  } catch (error) {
    // node:util's messages name the flag and say what is wrong, but end with a hint about `--`.
    const message = error instanceof Error ? error.message.split('. To specify')[0].replace(/\.$/, '') : String(error);
    usageError(name, usage, message);
  }
  if (parsed.values.help) {
    process.stdout.write(`${usage.trimEnd()}\n`);
    process.exit(0);
  }
  return parsed;
}

/** A flag that parsed but makes no sense (a negative count, a missing file): one line and the usage. */
export function usageError(name, usage, message) {
  process.stderr.write(`${name}: ${message}\n\n${usage.trimEnd()}\n`);
  process.exit(USAGE_EXIT);
}

/**
 * Progress of long work on stderr (stdout stays clean for data). On a terminal, one line redrawn in
 * place with a bar; otherwise (CI logs, pipes) a plain line at most every `everyMs`, and at the end.
 * `total` may be unknown (0): then counts and rate only.
 */
export function createProgress({ label, total = 0, unit = '', stream = process.stderr, everyMs, tty } = {}) {
  const isTty = tty ?? Boolean(stream.isTTY);
  const interval = everyMs ?? Number(process.env.GAVEL_PROGRESS_MS ?? (isTty ? 100 : 5000));
  const started = Date.now();
  let done = 0;
  let max = total;
  let last = 0;
  let finished = false;
  let printed = 0;
  let printedAt = -1;
  const suffix = unit ? ` ${unit}` : '';

  const line = () => {
    const seconds = (Date.now() - started) / 1000;
    const rate = seconds > 0 ? done / seconds : 0;
    const rateText = rate >= 100 ? rate.toFixed(0) : rate.toFixed(1);
    if (!max) return `${label}: ${done}${suffix} · ${rateText}/s · ${seconds.toFixed(0)} s`;
    const share = Math.min(1, done / max);
    const eta = rate > 0 && done < max ? ` · ${Math.ceil((max - done) / rate)} s left` : '';
    if (!isTty) return `${label}: ${done}/${max}${suffix} (${Math.floor(share * 100)}%) · ${rateText}/s${eta}`;
    const width = 24;
    const filled = Math.round(share * width);
    return `${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${Math.floor(share * 100)}% ${done}/${max}${suffix} · ${rateText}/s${eta}`;
  };
  const draw = (force) => {
    const now = Date.now();
    if (!force && now - last < interval) return;
    last = now;
    printed++;
    printedAt = done;
    if (isTty) stream.write(`\r\x1b[2K${line()}`);
    else stream.write(`${line()}\n`);
  };
  if (!isTty) last = started; // the first plain line comes after one interval, not at once

  return {
    /** Advance by `n`. */
    tick(n = 1) {
      done += n;
      if (!finished) draw(false);
    },
    /** Set the absolute count (and the total, when it becomes known). */
    update(count, newTotal) {
      done = count;
      if (newTotal !== undefined) max = newTotal;
      if (!finished) draw(false);
    },
    /** Print the final state and end the line (off a terminal, only when a line was printed before). */
    done() {
      if (finished) return;
      finished = true;
      if (!isTty && (printed === 0 || printedAt === done)) return;
      draw(true);
      if (isTty) stream.write('\n');
    },
  };
}
