/** Wire schemas of server/routes/import.ts: per-item results and the summary. */
import { z } from 'zod';

export const ImportItemResultSchema = z.object({
  index: z.number().int(),
  externalId: z.string().optional(),
  caseId: z.string().optional(),
  status: z.enum(['created', 'updated', 'unchanged', 'invalid']),
  findings: z.number().int().optional().describe('How many findings the rules engine produced'),
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type ImportItemResult = z.infer<typeof ImportItemResultSchema>;
export const ImportSummarySchema = z.object({
  received: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  invalid: z.number().int(),
});
export type ImportSummary = z.infer<typeof ImportSummarySchema>;
/** JSON-array imports get this body; NDJSON imports get one ImportItemResult per line, then `{summary}`. */
export const ImportResponseSchema = z.object({ summary: ImportSummarySchema, results: z.array(ImportItemResultSchema) });
export type ImportResponse = z.infer<typeof ImportResponseSchema>;
