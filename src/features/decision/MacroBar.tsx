import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Macro } from '@common/api';
import type { Policy } from '@common/policy';
import { renderSnippet, snippetVars } from '@common/rules';
import { VERDICT_LABELS } from '@common/domain';
import { KeyHint } from '../../app/commands/KeyHint';
import { useCommands } from '../../app/commands/runtime';
import { MACRO_KEYS, macrosFor, useAllMacros } from '../../data/macros';
import type { BundleRow, CaseRow } from '../../data/rows';
import { EMPTY_REQUEST, requestDeadline, toggleCategory, withChoice } from './actionModel';
import { actionForms } from './actionStore';
import { decisionUi } from './decisionStore';
import { caseRoles } from './EvidenceRequestForm';
import { applyMacro } from './macroApply';

const MACRO_COMMANDS = Array.from({ length: MACRO_KEYS }, (_, i) => `decision.macro.${i + 1}`);

/**
 * The case kind's macros, each with its key (Alt+1 … Alt+9, from the live keymap): one key fills
 * the whole form (verdict, reasons, remedies, the note with the case's values) and opens the
 * macro's evidence request or escalation, filled. Nothing is committed: the arbitrator reads the
 * form and commits, and validation runs as for any decision.
 */
export function MacroBar(props: { caseRow: CaseRow; bundleRow: BundleRow; policy: Policy | null; locked: boolean }) {
  const { caseRow, bundleRow, policy, locked } = props;
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'zh';
  const all = useAllMacros();
  const offered = useMemo(() => macrosFor(all ?? [], caseRow.kind), [all, caseRow.kind]);
  const vars = useMemo(() => snippetVars(bundleRow.bundle), [bundleRow.bundle]);

  const apply = (m: Macro) => {
    if (locked || !policy) return;
    const { draft, action } = applyMacro(decisionUi.get().draft, m, vars);
    decisionUi.setDraft(draft);
    if (action === null) {
      // A whole action: a side form another macro opened goes with it.
      if (decisionUi.get().action) decisionUi.startAction(null);
    } else {
      actionForms.open(caseRow.id);
      if (action.type === 'request_evidence') {
        const categories = action.categories.reduce((list, c) => toggleCategory(list, c, true, caseRow.kind), [] as typeof action.categories);
        actionForms.setRequest(withChoice(EMPTY_REQUEST, { from: action.from, categories }, requestDeadline(new Date(), policy), caseRoles(bundleRow.bundle)));
      } else actionForms.setEscalation({ category: action.category });
      decisionUi.startAction(action.type);
    }
    decisionUi.setMessage(t('macros.applied', { name: m.name }));
  };
  useCommands(Object.fromEntries(MACRO_COMMANDS.map((id, i) => [id, () => offered[i] && apply(offered[i])])));

  if (locked) return null;
  return (
    <div className="decision__section macros" data-testid="macros">
      <div className="legend">{t('macros.bar')}</div>
      {offered.length === 0 ? (
        <p className="muted small">{t('macros.none')}</p>
      ) : (
        <div className="templates">
          {offered.map((m, i) => (
            <button
              key={m.id}
              type="button"
              className="button button--small"
              title={[VERDICT_LABELS[m.verdict][lang], m.note ? renderSnippet(m.note, vars) : ''].filter(Boolean).join(t('keys.listSeparator'))}
              onClick={() => apply(m)}
              data-testid="macro"
              data-macro-id={m.id}
            >
              {i < MACRO_KEYS && <KeyHint command={MACRO_COMMANDS[i]!} />} {m.name}
              {m.scope === 'personal' && <span className="muted small"> · {t('macros.mine')}</span>}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
