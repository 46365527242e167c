/**
 * Wire schemas of server/routes/macros.ts: named per-kind macros that fill the whole decision form
 * in one key (verdict, reason codes, remedies, a note template with the snippets' `{{variables}}`,
 * and optionally an evidence request or an escalation). Shared ones are the supervisors'; personal
 * ones belong to the arbitrator who wrote them and reach nobody else. A macro never commits: the
 * arbitrator does, and the decision is validated as any other (its note counts as template text).
 */
import { z } from 'zod';
import { ComplaintKindSchema, EscalationReasonSchema, EvidenceCategorySchema, EvidencePartySchema, IsoDateTimeSchema, RemedySchema, VerdictSchema } from '../domain';
import { SNIPPET_VARIABLES } from '../rules/snippets';
import { checkTemplateVariables } from './snippets';

export const MacroIdSchema = z.string().min(1).max(64);
export const MACRO_SCOPES = ['shared', 'personal'] as const;
export const MacroScopeSchema = z.enum(MACRO_SCOPES);
export type MacroScope = z.infer<typeof MacroScopeSchema>;

/** The note template: empty, or text whose every `{{slot}}` is a known variable (a typo is refused where it is written). */
export const MacroNoteSchema = z
  .string()
  .trim()
  .max(2000)
  .superRefine(checkTemplateVariables)
  .describe(`The note, in Chinese (it is written to the parties); {{name}} slots are filled from the case: ${SNIPPET_VARIABLES.join(', ')}. Empty for none`);

export const MacroActionSchema = z
  .discriminatedUnion('type', [
    z.object({ type: z.literal('request_evidence'), from: EvidencePartySchema, categories: z.array(EvidenceCategorySchema).min(1).max(16) }),
    z.object({ type: z.literal('escalate'), category: EscalationReasonSchema.exclude(['sync_conflict']) }),
  ])
  .nullable()
  .describe('The side action the macro opens, filled (the arbitrator sends it); null for none');

const fields = {
  name: z.string().trim().min(1).max(40).describe('What the decision panel shows beside its key'),
  kind: ComplaintKindSchema.describe('The kind it is written for (its reason codes and remedies are that kind’s)'),
  scope: MacroScopeSchema.describe('shared: every desk, edited by supervisors; personal: only its owner’s desk'),
  verdict: VerdictSchema,
  reasonCodes: z.array(z.string().min(1).max(64)).min(1).max(9).describe('Reason codes of the kind that explain the verdict'),
  remedies: z.array(RemedySchema).min(1).max(10).describe('Remedies the kind offers (a rejection: no_action or warn)'),
  note: MacroNoteSchema,
  action: MacroActionSchema,
  position: z.number().int().min(0).max(10_000).describe('Order among the kind’s macros: the first takes Alt+1'),
};

export const MacroSchema = z.object({
  id: MacroIdSchema,
  ...fields,
  ownerId: z.string().nullable().describe('The owner of a personal macro; null for a shared one'),
  updatedAt: IsoDateTimeSchema,
  updatedBy: z.string().nullable().describe('Who saved it last; null for a default seeded by the migration'),
});
export type Macro = z.infer<typeof MacroSchema>;

export const MacroListSchema = z.object({
  macros: z.array(MacroSchema).describe('The shared macros and the caller’s personal ones, by kind and position'),
  version: z.string().describe('Changes whenever one of these macros is created, edited or deleted; pull sends the list when it differs from `macrosVersion`'),
});
export type MacroList = z.infer<typeof MacroListSchema>;

export const MacroSaveRequestSchema = z.object({
  id: MacroIdSchema.describe('A new id (the client picks a UUID) creates the macro; an existing one replaces it. So a retry never makes a second copy'),
  ...fields,
  note: MacroNoteSchema.default(''),
  action: MacroActionSchema.default(null),
  position: fields.position.default(100),
});
export type MacroSaveRequest = z.input<typeof MacroSaveRequestSchema>;

export const MacroDeleteRequestSchema = z.object({ id: MacroIdSchema });
