/** Wire schemas of GET /v1/cases/:caseId/precedents (server/services/precedents.ts): the most similar decided cases. */
import { z } from 'zod';
import { IsoDateTimeSchema, PRECEDENT_WHY, VerdictSchema } from '../domain';

export const PrecedentSchema = z.object({
  caseId: z.string(),
  externalId: z.string(),
  title: z.string().nullable().describe("The decided case's title, when it has one"),
  verdict: VerdictSchema,
  reasonCodes: z.array(z.string()),
  noteFirstLine: z.string().max(500).describe("The first line of the decision's note (at most 200 characters)"),
  decidedAt: IsoDateTimeSchema,
  policyVersion: z.string(),
  amountFen: z.number().int().min(0),
  findingCodes: z.array(z.string()).describe("Finding codes of the assessment the decision was made against"),
  score: z.number().min(0).max(1).describe('Similarity, 0..1 (docs/precedents.md)'),
  why: z.array(z.enum(PRECEDENT_WHY)).describe('Why it counts as similar, as codes'),
});
export type Precedent = z.infer<typeof PrecedentSchema>;

export const PrecedentsResponseSchema = z.object({
  caseId: z.string(),
  computedAt: IsoDateTimeSchema,
  /** How many decided cases of the kind were scored (the most recent ones, docs/precedents.md). */
  scanned: z.number().int().min(0),
  closeScore: z.number().describe('The score from which a precedent counts as close'),
  precedents: z.array(PrecedentSchema).max(50).describe('The most similar decided cases, best first'),
  distribution: z
    .array(z.object({ verdict: VerdictSchema, count: z.number().int().min(1) }))
    .describe('Verdicts of every close precedent scanned (not only the listed ones), most first'),
});
export type PrecedentsResponse = z.infer<typeof PrecedentsResponseSchema>;
