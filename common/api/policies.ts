/**
 * Wire schemas of server/routes/policies.ts: the policy registry. Policies are immutable versions,
 * each in force from its `effectiveFrom`; a case is judged under the version in force when it was
 * filed (its governing version, `CaseView.policyVersion`). See docs/rules.md, *Policy versions*.
 */
import { z } from 'zod';
import { COMPLAINT_KINDS, REMEDIES, type ComplaintKind } from '../domain';
import { PolicySchema, ReasonCodeSchema } from '../policy';

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
