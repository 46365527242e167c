/**
 * Wire schemas of server/routes/routing.ts: arbitrator skill profiles, routing rules (admins edit,
 * supervisors read) and "who would get this case?". The semantics are common/domain/routing.ts's;
 * docs/routing.md describes them.
 */
import { z } from 'zod';
import { CASE_LANGUAGES, ComplaintKindSchema, FenSchema, IdSchema, IsoDateTimeSchema, SENIORITIES } from '../domain';
import { QueueSchema } from './cases';

export const SenioritySchema = z.enum(SENIORITIES);
export const CaseLanguageSchema = z.enum(CASE_LANGUAGES);
/** A named skill a rule can require: lower-case letters, digits, `-` and `_`. */
export const SkillTagSchema = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9_-]{0,31}$/, 'a skill tag is 1–32 lower-case letters, digits, - or _, e.g. luxury')
  .describe('A named skill a rule can require, e.g. luxury');

const unique = <T extends z.ZodType>(item: T, what: string) =>
  z
    .array(item)
    .min(1, `choose at least one ${what}`)
    .refine((xs) => new Set(xs).size === xs.length, `each ${what} once`);

export const SkillProfileSchema = z.object({
  kinds: unique(ComplaintKindSchema, 'complaint kind').describe('Complaint kinds this arbitrator is handed'),
  queues: unique(QueueSchema, 'queue').describe('Queues this arbitrator is handed'),
  languages: unique(CaseLanguageSchema, 'language').describe('Case languages this arbitrator works in'),
  seniority: SenioritySchema,
  tags: z
    .array(SkillTagSchema)
    .max(20)
    .refine((xs) => new Set(xs).size === xs.length, 'each skill tag once')
    .default([])
    .describe('Named skills routing rules may require'),
});
export type SkillProfileView = z.output<typeof SkillProfileSchema>;

export const SkillsSaveRequestSchema = SkillProfileSchema.extend({ userId: IdSchema.describe('An arbitrator') });
export type SkillsSaveRequest = z.input<typeof SkillsSaveRequestSchema>;

export const RoutingRuleSchema = z
  .object({
    id: z
      .string()
      .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'a rule id is 1–64 lower-case letters, digits, - or _')
      .describe('Chosen by the client; saving an existing id replaces that rule'),
    name: z.string().trim().min(1).max(80),
    priority: z.number().int().min(-1000).max(1000).describe('Higher first: the order rules are listed and reported in'),
    enabled: z.boolean(),
    kind: ComplaintKindSchema.nullable().describe('Condition: the case kind; null for any'),
    queue: QueueSchema.nullable().describe('Condition: the queue; null for any'),
    minAmountFen: FenSchema.nullable().describe("Condition: the subject orders' paid amount is at least this (fen); null for any"),
    language: CaseLanguageSchema.nullable().describe('Condition: the case language; null for any'),
    minSeniority: SenioritySchema.nullable().describe('Requirement: at least this seniority'),
    requiredSkill: SkillTagSchema.nullable().describe('Requirement: this named skill'),
  })
  .superRefine((r, ctx) => {
    if (r.minSeniority === null && r.requiredSkill === null)
      ctx.addIssue({ code: 'custom', path: ['minSeniority'], message: 'a rule needs a requirement: a minimum seniority, a required skill, or both' });
  });
export type RoutingRuleView = z.output<typeof RoutingRuleSchema>;

export const RoutingRuleViewSchema = z.object({ rule: RoutingRuleSchema, updatedAt: IsoDateTimeSchema, updatedBy: z.string().nullable() });

export const RoutingArbitratorSchema = z.object({
  userId: z.string(),
  displayName: z.string(),
  username: z.string(),
  /** Null: no profile, so the account is not routed. */
  profile: SkillProfileSchema.nullable(),
  updatedAt: IsoDateTimeSchema.nullable(),
});
export type RoutingArbitrator = z.infer<typeof RoutingArbitratorSchema>;

export const RoutingViewSchema = z.object({
  rules: z.array(RoutingRuleViewSchema).describe('Every rule, enabled or not, priority first'),
  arbitrators: z.array(RoutingArbitratorSchema).describe('Active arbitrators with their skill profiles'),
});
export type RoutingView = z.infer<typeof RoutingViewSchema>;

export const RoutingCandidatesQuerySchema = z.object({ caseId: IdSchema.describe("The case's id or its platform external id") });
export type RoutingCandidatesQuery = z.input<typeof RoutingCandidatesQuerySchema>;

export const RoutingReasonSchema = z.discriminatedUnion('code', [
  z.object({ code: z.literal('excluded') }),
  z.object({ code: z.literal('kind') }),
  z.object({ code: z.literal('queue') }),
  z.object({ code: z.literal('language') }),
  z.object({ code: z.literal('seniority'), ruleId: z.string(), ruleName: z.string() }),
  z.object({ code: z.literal('skill'), ruleId: z.string(), ruleName: z.string(), skill: z.string() }),
]);

export const RoutingCandidatesSchema = z.object({
  case: z.object({
    caseId: z.string(),
    externalId: z.string(),
    kind: ComplaintKindSchema,
    queue: QueueSchema,
    amountFen: z.number().int(),
    language: z.string(),
    status: z.string(),
    holderName: z.string().nullable(),
  }),
  /** The enabled rules whose condition matches the case, priority first. */
  rules: z.array(z.object({ id: z.string(), name: z.string() })),
  candidates: z.array(
    z.object({
      userId: z.string(),
      displayName: z.string(),
      profiled: z.boolean(),
      eligible: z.boolean(),
      reasons: z.array(RoutingReasonSchema),
    }),
  ),
});
export type RoutingCandidates = z.infer<typeof RoutingCandidatesSchema>;
