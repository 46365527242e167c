/** Wire schemas of GET /v1/cases/:caseId/links (server/services/links.ts): the cases linked to one, and why. */
import { z } from 'zod';
import { CaseStatusSchema, ComplaintKindSchema, LINK_KEY_TYPES } from '../domain';

export const LinkReasonSchema = z.object({
  type: z.enum(LINK_KEY_TYPES).describe('The kind of key both cases have'),
  label: z.string().max(500).describe("The key in words: a party's name, the address as written, a tracking number, a short hash"),
});
export type LinkReason = z.infer<typeof LinkReasonSchema>;

export const LinkedCaseSchema = z.object({
  caseId: z.string(),
  externalId: z.string(),
  title: z.string().nullable(),
  kind: ComplaintKindSchema,
  status: CaseStatusSchema.or(z.literal('escalated')).describe('As the case views say it (claimed while a lease is active)'),
  open: z.boolean().describe('Not yet decided, withdrawn or closed: it can still be decided'),
  holder: z.object({ id: z.string(), name: z.string() }).nullable().describe('Who holds it under an active lease; null when nobody does'),
  findingCodes: z.array(z.string()).max(50).describe('Finding codes of its assessment, most severe first'),
  amountFen: z.number().int().min(0).describe('Paid on its subject orders'),
  why: z.array(LinkReasonSchema).min(1).describe('The keys the two cases share'),
});
export type LinkedCase = z.infer<typeof LinkedCaseSchema>;

export const CaseLinksResponseSchema = z.object({
  caseId: z.string(),
  keys: z.array(LinkReasonSchema).describe("The case's own keys"),
  links: z.array(LinkedCaseSchema).max(200).describe('Linked cases: open ones first, then by how many keys they share'),
  truncated: z.boolean().describe('More cases link than are listed'),
});
export type CaseLinksResponse = z.infer<typeof CaseLinksResponseSchema>;
