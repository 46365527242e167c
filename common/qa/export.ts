/**
 * What the QA dashboard exports: a CSV of review pairs (for spreadsheets) and a calibration pack
 * (the disagreements, as a versioned JSON file a supervisor shares with arbitrators for a
 * calibration session). Pure: the renderer turns the strings into downloads.
 */
import { z } from 'zod';
import { IsoDateTimeSchema } from '../domain';
import { comparePair, QA_ERROR_KINDS } from './agreement';
import { ReviewPairSchema, type ReviewPair } from './records';

//#region CSV
/**
 * One CSV cell per RFC 4180: quoted when it holds a comma, quote, CR or LF, quotes doubled. Cells
 * that a spreadsheet would run as a formula (starting with = + - @, or a tab/CR that some
 * spreadsheets strip before looking) get a leading apostrophe (OWASP "CSV injection"): arbitrator
 * names and reason codes are user-controlled text.
 */
export function csvCell(value: string | number | boolean | null): string {
  if (value === null) return '';
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export function toCsv(
  header: readonly string[],
  rows: readonly (readonly (string | number | boolean | null)[])[],
): string {
  // CRLF per RFC 4180; a BOM so Excel reads the Chinese names as UTF-8.
  return `\uFEFF${[header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

export const PAIR_CSV_COLUMNS = [
  'sample_id',
  'case_id',
  'external_id',
  'kind',
  'arbitrator_id',
  'arbitrator_name',
  'reviewer_id',
  'plan_id',
  'golden',
  'decided_at',
  'reviewed_at',
  'original_verdict',
  'review_verdict',
  'original_remedies',
  'review_remedies',
  'original_reasons',
  'review_reasons',
  'agree',
  'errors',
] as const;

/** The pairs as CSV, one row each; lists are joined with "|" (reason codes never contain one). */
export function pairsToCsv(pairs: readonly ReviewPair[]): string {
  return toCsv(
    PAIR_CSV_COLUMNS,
    pairs.map((p) => {
      const c = comparePair(p);
      return [
        p.sampleId,
        p.caseId,
        p.externalId,
        p.kind,
        p.arbitratorId,
        p.arbitratorName,
        p.reviewerId,
        p.planId,
        p.golden,
        p.decidedAt,
        p.reviewedAt,
        p.original.verdict,
        p.review.verdict,
        p.original.remedies.join('|'),
        p.review.remedies.join('|'),
        p.original.reasonCodes.join('|'),
        p.review.reasonCodes.join('|'),
        c.agree,
        c.errors.join('|'),
      ];
    }),
  );
}
//#endregion

//#region Calibration pack
export const CALIBRATION_PACK_FORMAT = 'gavel.qa.calibration-pack';
export const CALIBRATION_PACK_VERSION = 1;

const SetDiffSchema = <T extends z.ZodType>(item: T) =>
  z.object({ missing: z.array(item), extra: z.array(item) });

/** One disagreement: the pair as recorded, plus what differed (so the file reads on its own). */
export const CalibrationItemSchema = ReviewPairSchema.extend({
  errors: z.array(z.enum(QA_ERROR_KINDS)).min(1, 'a calibration item is a disagreement: at least one error'),
  remedyDiff: SetDiffSchema(z.string()),
  reasonDiff: SetDiffSchema(z.string()),
});
export type CalibrationItem = z.infer<typeof CalibrationItemSchema>;

export const CalibrationPackSchema = z.object({
  format: z.literal(CALIBRATION_PACK_FORMAT),
  /** Bumped on any incompatible change; readers refuse versions they do not know. */
  version: z.literal(CALIBRATION_PACK_VERSION),
  generatedAt: IsoDateTimeSchema,
  /** Pairs the pack was drawn from (agreements included), for context. */
  pairsConsidered: z.number().int().nonnegative(),
  items: z.array(CalibrationItemSchema),
});
export type CalibrationPack = z.infer<typeof CalibrationPackSchema>;

/** The disagreements among `pairs` (golden ones included: they are the clearest teaching cases). */
export function buildCalibrationPack(pairs: readonly ReviewPair[], generatedAt: string): CalibrationPack {
  const items: CalibrationItem[] = [];
  for (const p of pairs) {
    const c = comparePair(p);
    if (c.agree) continue;
    items.push({ ...p, errors: c.errors, remedyDiff: c.remedies, reasonDiff: c.reasons });
  }
  return CalibrationPackSchema.parse({
    format: CALIBRATION_PACK_FORMAT,
    version: CALIBRATION_PACK_VERSION,
    generatedAt,
    pairsConsidered: pairs.length,
    items,
  });
}

/** Reads a pack from JSON text; an error names the field and the reason. */
export function parseCalibrationPack(
  text: string,
): { ok: true; pack: CalibrationPack } | { ok: false; error: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return { ok: false, error: `not JSON: ${err instanceof Error ? err.message : String(err)}` };
  }
  const parsed = CalibrationPackSchema.safeParse(raw);
  if (parsed.success) return { ok: true, pack: parsed.data };
  const issue = parsed.error.issues[0];
  return { ok: false, error: `${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}` };
}
//#endregion
