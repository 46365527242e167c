/**
 * Wire schemas of server/routes/policies.ts: the policy registry. Policies are immutable versions,
 * each in force from its `effectiveFrom`; a case is judged under the version in force when it was
 * filed (its governing version, `CaseView.policyVersion`). See docs/rules.md, *Policy versions*.
 */
import { z } from 'zod';
import { COMPLAINT_KINDS, ComplaintKindSchema, IsoDateTimeSchema, REMEDIES, type ComplaintKind } from '../domain';
import { PolicySchema, ReasonCodeSchema } from '../policy';
import { ALL_CODES } from '../rules/types';

export const PolicyVersionParamsSchema = z.object({ version: z.string().min(1).max(64) });

const PublicationSchema = z.object({
  version: z.string().describe('The version name decisions cite'),
  effectiveFrom: z.string().describe('ISO-8601 instant from which the version governs newly filed cases'),
  description: z.string(),
  publishedAt: z.string().describe('When the version was published (server time)'),
  publishedBy: z.string().nullable().describe('The admin who published it; null for the base version a fresh server seeds itself with'),
  seq: z.number().int().describe('Publication order; pull sends the versions after the `policySeq` a client already has'),
});
export type PolicyPublication = z.infer<typeof PublicationSchema>;

export const PolicyListResponseSchema = z.object({
  versions: z.array(PublicationSchema).describe('Every version, in effective order'),
  inForce: z.string().nullable().describe('The version that governs a case filed now'),
});
export type PolicyListResponse = z.infer<typeof PolicyListResponseSchema>;

const kindRecord = <T extends z.ZodType>(value: T) => z.object(Object.fromEntries(COMPLAINT_KINDS.map((k) => [k, value])) as Record<ComplaintKind, T>);

export const RemedyOptionSchema = z.object({ code: z.enum(REMEDIES), zh: z.string(), en: z.string() });
export const PolicyCatalogueSchema = kindRecord(
  z.object({
    reasonCodes: z.array(ReasonCodeSchema).describe('The reason codes a decision of this kind may cite, with the verdicts each explains'),
    remedies: z.array(RemedyOptionSchema).describe('The remedies allowed for this kind'),
  }),
).describe('Per complaint kind, what a decision may say, with zh and en labels');
export type PolicyCatalogue = z.infer<typeof PolicyCatalogueSchema>;

export const PolicyVersionViewSchema = PublicationSchema.extend({
  policy: PolicySchema.describe('The whole policy document, as published'),
  catalogue: PolicyCatalogueSchema,
});
export type PolicyVersionView = z.infer<typeof PolicyVersionViewSchema>;

/** What an admin publishes: a policy document (docs/schema/policy.schema.json) whose effectiveFrom is in the future. */
export const PublishPolicyRequestSchema = PolicySchema;

/** A version as pull delivers it to the app. */
export const PulledPolicySchema = z.object({
  seq: z.number().int(),
  version: z.string(),
  effectiveFrom: z.string(),
  publishedAt: z.string(),
  policy: PolicySchema,
});
export type PulledPolicy = z.infer<typeof PulledPolicySchema>;
export const PullPoliciesSchema = z
  .object({ seq: z.number().int().describe('Send as `policySeq` next time'), versions: z.array(PulledPolicySchema) })
  .describe('Policy versions published after the `policySeq` the client sent; absent when there are none');

//#region What-if
const TallySchema = z.object({ cases: z.number().int(), changed: z.number().int(), raised: z.number().int(), dropped: z.number().int(), eligibility: z.number().int(), validation: z.number().int() });
export const WhatIfSummarySchema = z.object({
  examined: z.object({ open: z.number().int(), decided: z.number().int() }),
  changed: z.number().int(),
  byKind: z.partialRecord(ComplaintKindSchema, TallySchema).describe('Per kind: cases examined, cases changed, and how many had findings raised, dropped, eligibility flipped, decision validity flipped'),
  raisedByCode: z.partialRecord(z.enum(ALL_CODES), z.number().int()),
  droppedByCode: z.partialRecord(z.enum(ALL_CODES), z.number().int()),
});
export const WhatIfFlipSchema = z.object({
  caseId: z.string(),
  externalId: z.string(),
  kind: ComplaintKindSchema,
  decided: z.boolean(),
  raised: z.array(z.enum(ALL_CODES)).describe('Finding codes the draft raises that the governing version does not'),
  dropped: z.array(z.enum(ALL_CODES)).describe('Finding codes the governing version raises that the draft does not'),
  eligible: z.object({ from: z.boolean(), to: z.boolean() }),
  validation: z.object({ from: z.array(z.string()), to: z.array(z.string()) }).nullable().describe("For a decided case whose decision's validity flips: its problem fields under each"),
});

export const WhatIfRequestSchema = z.object({
  draft: PolicySchema.describe('The draft policy: validated like a publication, never stored'),
  decidedLimit: z.number().int().min(0).max(100_000).default(1000).describe('How many of the most recently decided cases to include after the open ones'),
  cursor: z.string().max(200).optional().describe('From the previous slice; omit to start'),
  at: IsoDateTimeSchema.optional().describe('From the first slice: the one "now" of the run, for cases without a stored assessment'),
  limit: z.number().int().min(100).max(20_000).default(5000).describe('Cases per slice'),
});
export type WhatIfRequest = z.input<typeof WhatIfRequestSchema>;
export const WhatIfResponseSchema = z.object({
  flips: z.array(WhatIfFlipSchema).describe("The slice's cases that the draft changes"),
  summary: WhatIfSummarySchema.describe("The slice's counts; the slices of a run add up"),
  processed: z.number().int().describe('Cases examined in this slice'),
  total: z.number().int().nullable().describe('First slice only: cases the whole run will examine'),
  at: IsoDateTimeSchema,
  cursor: z.string().nullable().describe('Send it back for the next slice; null when the run is complete'),
});
export type WhatIfResponse = z.infer<typeof WhatIfResponseSchema>;
//#endregion
