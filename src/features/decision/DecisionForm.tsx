import '../../ui/panel.css';
import './decision.css';
import { useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { KIND_LABELS, REMEDIES, REMEDY_LABELS, VERDICT_LABELS, VERDICTS, type ComplaintKind, type Remedy, type Verdict } from '@common/domain';
import type { Policy, ReasonCode } from '@common/policy';
import { hintChord, IS_MAC } from '../../app/commands/keymap';
import { KeyHint, useKeyLabel } from '../../app/commands/KeyHint';
import { remedyCommandId } from '../../app/commands/registry';
import { focusRegion, KEY_REGION_ATTR, keyFeedback, useCommand, useCommands, useKeymap } from '../../app/commands/runtime';
import { reasonSlots, remedyOptions } from './decisionModel';
import type { FormDraft, FormStore } from './formStore';
import { Problems } from './Problems';

/** The command that picks each verdict; its key is the hint on the verdict's button. */
const VERDICT_COMMANDS: Record<Verdict, string> = { upheld: 'decision.upheld', partially_upheld: 'decision.partial', rejected: 'decision.rejected' };

export type DecisionFormProps = {
  form: FormStore<FormDraft>;
  kind: ComplaintKind;
  /** The case's governing policy: its reason codes and remedies are the options (none while it has not reached this machine). */
  policy: Policy | null;
  /** The panel's heading and accessible name. */
  title: string;
  /** Validation problems of the current draft; shown per section once the form says so. */
  problems: readonly { field: string; message: string; code?: string; params?: Record<string, string | number | string[]> }[];
  /** Nothing can be changed: the sections are disabled and draft keys do nothing. */
  locked: boolean;
  /** When false, the verdict, commit, focus and note keys are not taken at all (the palette does not offer them). */
  keysEnabled?: boolean;
  /** The verdict shown pressed, when it is not the draft's (a review waiting to sync shows what was sent). */
  pressedVerdict?: Verdict | null;
  onCommit: () => void;
  /** Runs after the form gives the keyboard back (Escape in decision mode). */
  onLeave?: () => void;
  note: { label: string; placeholder: string; testId: string; maxLength?: number };
  commit: { label: string; testId: string; disabled: boolean };
  testIds: { panel: string; verdictPrefix: string; message: string };
  /** Status lines under the heading. */
  intro?: ReactNode;
  /** Under the verdict's problems: advice about the chosen verdict that never blocks (the precedent hint). */
  verdictExtras?: ReactNode;
  /** More in the note's section, under the text box. */
  noteExtras?: ReactNode;
  /** Sections after the note. */
  children?: ReactNode;
  /** In the footer after the commit button, and after the message. */
  footer?: ReactNode;
  footerEnd?: ReactNode;
};

/**
 * The keyboard-first decision form that the arbitrator's decision panel and QA's blind review
 * share: verdict, reason codes, remedies, a note, one key to commit. Its key hints come from the
 * live keymap, and it takes the decision commands (Y/P/N, D, digits and ⇧digits, M, Ctrl+Enter).
 */
export function DecisionForm(props: DecisionFormProps) {
  const { form, kind, policy, problems, locked, keysEnabled = true, onCommit, onLeave, note, commit, testIds } = props;
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'zh';
  const draft = form.useDraft();
  const focused = form.useFocused();
  const showProblems = form.useShowProblems();
  const message = form.useMessage();
  const panelRef = useRef<HTMLElement>(null);
  const noteRef = useRef<HTMLTextAreaElement>(null);
  const { slots, unkeyed } = policy ? reasonSlots(policy, kind) : { slots: [] as (ReasonCode | null)[], unkeyed: [] as ReasonCode[] };
  const reasons: { rc: ReasonCode; slot: number | null }[] = [
    ...slots.flatMap((rc, i) => (rc ? [{ rc, slot: i + 1 }] : [])),
    ...unkeyed.map((rc) => ({ rc, slot: null })),
  ];
  const remedies = policy ? remedyOptions(policy, kind) : [];
  const keymap = useKeymap();
  const modeHint = useKeyLabel('decision.focus');
  const shown = showProblems ? problems : [];
  const pressed = props.pressedVerdict === undefined ? draft.verdict : props.pressedVerdict;

  const setVerdict = (v: Verdict) => {
    if (!locked) form.setVerdict(v);
  };
  useCommand('decision.upheld', () => setVerdict('upheld'), keysEnabled);
  useCommand('decision.partial', () => setVerdict('partially_upheld'), keysEnabled);
  useCommand('decision.rejected', () => setVerdict('rejected'), keysEnabled);
  useCommand('decision.commit', onCommit, keysEnabled);
  useCommand(
    'decision.focus',
    () => {
      form.setFocused(true);
      panelRef.current?.focus();
    },
    keysEnabled,
  );
  useCommand('decision.leave', () => {
    form.setFocused(false);
    // Decision mode ends where it began: the keyboard goes back to the case around the panel.
    if (panelRef.current?.contains(document.activeElement)) focusRegion(panelRef.current);
    onLeave?.();
  });
  useCommand('decision.note', () => noteRef.current?.focus(), keysEnabled);
  const kindName = () => KIND_LABELS[kind][i18n.language === 'en' ? 'en' : 'zh'];
  const keyOf = (id: string) => hintChord(keymap.get(id)?.[0] ?? '', IS_MAC);
  const numbered: Record<string, () => void> = {};
  for (let n = 1; n <= 9; n++) {
    const reasonAt = (): ReasonCode | null => slots[n - 1] ?? null;
    numbered[`decision.reason.${n}`] = () => {
      const rc = reasonAt();
      if (locked) return keyFeedback('locked');
      if (!rc) return keyFeedback('noReason', { n, kind: kindName() });
      if (form.get().draft.reasonCodes.includes(rc.code)) return keyFeedback('alreadySet', { name: lang === 'en' ? rc.en : rc.zh, key: keyOf(`decision.reasonClear.${n}`) });
      form.setReason(rc.code, true);
    };
    numbered[`decision.reasonClear.${n}`] = () => {
      const rc = reasonAt();
      if (locked) return keyFeedback('locked');
      if (!rc) return keyFeedback('noReason', { n, kind: kindName() });
      if (!form.get().draft.reasonCodes.includes(rc.code)) return keyFeedback('notSet', { name: lang === 'en' ? rc.en : rc.zh });
      form.setReason(rc.code, false);
    };
  }
  const remedyKey = (remedy: Remedy, clear: boolean) => () => {
    const name = REMEDY_LABELS[remedy][lang];
    if (locked) return keyFeedback('locked');
    if (!remedies.includes(remedy)) return keyFeedback('noRemedy', { remedy: name, kind: kindName() });
    const chosen = form.get().draft.remedies.includes(remedy);
    if (!clear && chosen) return keyFeedback('alreadySet', { name, key: keyOf(remedyCommandId(remedy, true)) });
    if (clear && !chosen) return keyFeedback('notSet', { name });
    form.setRemedy(remedy, !clear);
  };
  for (const remedy of REMEDIES) {
    numbered[remedyCommandId(remedy)] = remedyKey(remedy, false);
    numbered[remedyCommandId(remedy, true)] = remedyKey(remedy, true);
  }
  useCommands(numbered);

  return (
    <aside
      ref={panelRef}
      tabIndex={-1}
      {...{ [KEY_REGION_ATTR]: 'decision' }}
      className={`decision${focused ? ' is-focused' : ''}`}
      aria-label={props.title}
      data-testid={testIds.panel}
      onFocus={() => form.setFocused(true)}
      onBlur={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget)) form.setFocused(false);
      }}
    >
      <header className="decision__head">
        <h2>{props.title}</h2>
        <span className="muted">{focused ? t('decision.modeOn', { leave: 'Esc' }) : t('decision.modeHint', { key: modeHint })}</span>
      </header>
      {props.intro}

      <fieldset className="decision__section" disabled={locked}>
        <legend>{t('decision.verdict')}</legend>
        <div className="verdicts">
          {VERDICTS.map((v) => (
            <button key={v} type="button" className={`verdict verdict--${v}`} aria-pressed={pressed === v} onClick={() => form.setVerdict(v)} data-testid={`${testIds.verdictPrefix}${v}`}>
              <KeyHint command={VERDICT_COMMANDS[v]} />
              {VERDICT_LABELS[v][lang]}
            </button>
          ))}
        </div>
        <Problems problems={shown} section="verdict" />
        {props.verdictExtras}
      </fieldset>

      <fieldset className="decision__section" disabled={locked}>
        <legend>{t('decision.reasons')}</legend>
        <ul className="options">
          {reasons.map(({ rc, slot }) => {
            const fits = draft.verdict === null || rc.verdicts.includes(draft.verdict);
            return (
              <li key={rc.code}>
                <label className={`option${fits ? '' : ' option--unfit'}`}>
                  <input type="checkbox" checked={draft.reasonCodes.includes(rc.code)} onChange={() => form.toggleReason(rc.code)} />
                  {slot !== null && <KeyHint command={`decision.reason.${slot}`} />}
                  <span>{lang === 'en' ? rc.en : rc.zh}</span>
                </label>
              </li>
            );
          })}
        </ul>
        <Problems problems={shown} section="reasonCodes" policy={policy} />
      </fieldset>

      <fieldset className="decision__section" disabled={locked}>
        <legend>{t('decision.remedies')}</legend>
        <ul className="options options--inline">
          {remedies.map((r) => (
            <li key={r}>
              <label className="option">
                <input type="checkbox" checked={draft.remedies.includes(r)} onChange={() => form.toggleRemedy(r)} />
                <KeyHint command={remedyCommandId(r)} />
                <span>{REMEDY_LABELS[r][lang]}</span>
              </label>
            </li>
          ))}
        </ul>
        <Problems problems={shown} section="remedies" />
      </fieldset>

      <fieldset className="decision__section" disabled={locked}>
        <legend>
          {note.label} <KeyHint command="decision.note" />
        </legend>
        <textarea ref={noteRef} className="textarea" rows={3} value={draft.note} onChange={(e) => form.setNote(e.target.value)} placeholder={note.placeholder} data-testid={note.testId} maxLength={note.maxLength} />
        {props.noteExtras}
      </fieldset>

      {props.children}

      <footer className="decision__foot">
        <button type="button" className="button button--primary" disabled={commit.disabled} onClick={onCommit} data-testid={commit.testId}>
          {commit.label} <KeyHint command="decision.commit" />
        </button>
        {props.footer}
        {message && (
          <p className="decision__message" role="status" data-testid={testIds.message}>
            {message}
          </p>
        )}
        {props.footerEnd}
      </footer>
    </aside>
  );
}
