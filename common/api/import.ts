/** Wire schemas of server/routes/import.ts: per-item results and the summary. */
import { z } from 'zod';

export const ImportItemResultSchema = z.object({
  index: z.number().int().describe("The item's 0-based position in the upload (array index, or NDJSON line number − 1)"),
  externalId: z.string().optional().describe("The platform's case id, when the item carried one"),
  caseId: z.string().optional().describe("The server's case id, for valid items"),
  status: z.enum(['created', 'updated', 'unchanged', 'invalid']).describe('created: new case; updated: known externalId, evidence replaced; unchanged: identical bundle; invalid: refused, nothing stored'),
  findings: z.number().int().optional().describe('A count: how many findings (eligibility included) the rules engine raised; the findings are in CaseView.assessment'),
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional().describe('For invalid items: every schema problem, path a dotted field path'),
});
export type ImportItemResult = z.infer<typeof ImportItemResultSchema>;
export const ImportSummarySchema = z.object({
  received: z.number().int().describe('Items in the upload; the four statuses add up to it'),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  invalid: z.number().int(),
});
export type ImportSummary = z.infer<typeof ImportSummarySchema>;
/** JSON-array imports get this body; NDJSON imports get one ImportItemResult per line, then `{summary}`. */
export const ImportResponseSchema = z.object({ summary: ImportSummarySchema, results: z.array(ImportItemResultSchema) });
export type ImportResponse = z.infer<typeof ImportResponseSchema>;
