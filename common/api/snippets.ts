/**
 * Wire schemas of server/routes/snippets.ts: named note snippets per kind (or for every kind), with
 * `{{variables}}` filled from the case. The server keeps them, supervisors edit them, pull delivers
 * them to every desk, and the decision form inserts them by key. A note against a critical finding
 * must say more than its snippets (common/rules/decision.ts).
 */
import { z } from 'zod';
import { ComplaintKindSchema, IsoDateTimeSchema, VerdictSchema } from '../domain';
import { SNIPPET_VARIABLES, snippetTextProblems } from '../rules/snippets';

export const SnippetIdSchema = z.string().min(1).max(64);

/** The check snippets' and macros' note templates share: every `{{slot}}` a known variable, every brace paired. */
export function checkTemplateVariables(text: string, ctx: z.RefinementCtx): void {
  for (const p of snippetTextProblems(text))
    ctx.addIssue({
      code: 'custom',
      message:
        p.kind === 'unknown'
          ? `unknown variable {{${p.name}}}: use one of ${SNIPPET_VARIABLES.map((v) => `{{${v}}}`).join(', ')}`
          : 'a {{ or }} without its partner: write a variable as {{name}}',
    });
}

/** The note text: every `{{slot}}` must be a known variable, so a typo is refused where it is written. */
export const SnippetTextSchema = z
  .string()
  .trim()
  .min(1)
  .max(2000)
  .superRefine(checkTemplateVariables)
  .describe(`The note text, in Chinese (it is written to the parties); {{name}} slots are filled from the case: ${SNIPPET_VARIABLES.join(', ')}`);

export const SnippetSchema = z.object({
  id: SnippetIdSchema,
  name: z.string().trim().min(1).max(40).describe('What the decision form shows on its button'),
  kind: ComplaintKindSchema.nullable().describe('The kind it is written for; null for every kind'),
  verdict: VerdictSchema.nullable().describe('The verdict it explains; null for any verdict'),
  language: z.literal('zh-CN').describe('Snippets are written to the parties, in Chinese, whatever the UI language'),
  text: SnippetTextSchema,
  position: z.number().int().min(0).max(10_000).describe('Order among the snippets that apply (the insert key cycles in this order)'),
  updatedAt: IsoDateTimeSchema,
  updatedBy: z.string().nullable().describe('Who saved it last; null for a default seeded by the migration'),
});
export type Snippet = z.infer<typeof SnippetSchema>;

export const SnippetListSchema = z.object({
  snippets: z.array(SnippetSchema).describe('Every snippet, in position order'),
  version: z.string().describe('Changes whenever a snippet is created, edited or deleted; pull sends the list when it differs from `snippetsVersion`'),
});
export type SnippetList = z.infer<typeof SnippetListSchema>;

export const SnippetSaveRequestSchema = z.object({
  id: SnippetIdSchema.describe('A new id (the client picks a UUID) creates the snippet; an existing one replaces it. So a retry never makes a second copy'),
  name: SnippetSchema.shape.name,
  kind: SnippetSchema.shape.kind,
  verdict: SnippetSchema.shape.verdict,
  language: SnippetSchema.shape.language.default('zh-CN'),
  text: SnippetTextSchema,
  position: SnippetSchema.shape.position.default(100),
});
export type SnippetSaveRequest = z.input<typeof SnippetSaveRequestSchema>;

export const SnippetDeleteRequestSchema = z.object({ id: SnippetIdSchema });
