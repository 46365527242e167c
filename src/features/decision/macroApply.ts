/**
 * Applying a macro to the decision draft, pure: it SETS the verdict, the reason codes and the
 * remedies to the macro's (never toggles them, so pressing the key again changes nothing), adds
 * its note rendered with the case's values, and says which side action to open, filled. It never
 * commits and never validates: the arbitrator commits, and the decision is checked as any other
 * (the macro's note counts as template text, not the arbitrator's own words).
 */
import type { Macro } from '@common/api';
import { renderSnippet, type MacroAction } from '@common/rules';
import type { Draft } from './decisionModel';
import { appendSnippet } from './snippetInsert';

export type AppliedMacro = { draft: Draft; action: MacroAction | null };

/**
 * The draft after `macro`: verdict, reasons and remedies are the macro's; the note keeps the
 * arbitrator's own words and gains the macro's note (once: a note that already holds it is left
 * as it is); cited evidence and an eligibility override's reason are kept. `vars` are the case's
 * values (common/rules snippetVars).
 */
export function applyMacro(draft: Draft, macro: Pick<Macro, 'verdict' | 'reasonCodes' | 'remedies' | 'note' | 'action'>, vars: Readonly<Record<string, string>>): AppliedMacro {
  const text = macro.note ? renderSnippet(macro.note, vars).trim() : '';
  const note = text && !draft.note.includes(text) ? appendSnippet(draft.note, text) : draft.note;
  return {
    draft: { ...draft, verdict: macro.verdict, reasonCodes: [...macro.reasonCodes], remedies: [...macro.remedies], note },
    action: macro.action,
  };
}
