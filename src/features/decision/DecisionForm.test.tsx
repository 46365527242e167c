// @vitest-environment jsdom
/**
 * The decision form in jsdom, with the real command runtime: its key hints follow the live keymap
 * (remapping a command changes the hint), its keys edit the draft unless locked, and problems
 * show per section once asked for.
 */
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { create } from 'zustand';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { COMPLAINT_KINDS } from '@common/domain';
import { DEFAULT_POLICY } from '@common/policy';
import { remap, resetKeymap, setContexts, useKeyboardDispatcher } from '../../app/commands/runtime';
import { initI18n } from '../../app/i18n';
import { DecisionForm } from './DecisionForm';
import { formStore, type FormDraft, type FormState } from './formStore';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const kind = COMPLAINT_KINDS[0];
const EMPTY: FormDraft = { verdict: null, reasonCodes: [], remedies: [], note: '' };
const useForm = create<FormState<FormDraft>>(() => ({ draft: EMPTY, focused: false, showProblems: false, busy: false, message: null }));
const form = formStore<FormDraft, FormState<FormDraft>>(useForm);

let i18n: Awaited<ReturnType<typeof initI18n>>;
let root: Root;
let host: HTMLDivElement;
let commits = 0;

beforeAll(async () => {
  i18n = await initI18n('en');
});
afterEach(() => {
  act(() => root.unmount());
  host.remove();
  act(() => resetKeymap());
  useForm.setState({ draft: EMPTY, focused: false, showProblems: false, busy: false, message: null });
  commits = 0;
});

function Harness({ locked, problems }: { locked: boolean; problems: { field: string; message: string }[] }) {
  useKeyboardDispatcher();
  return (
    <DecisionForm
      form={form}
      kind={kind}
      policy={DEFAULT_POLICY}
      title="Decision"
      problems={problems}
      locked={locked}
      onCommit={() => commits++}
      note={{ label: 'Note', placeholder: '', testId: 'note' }}
      commit={{ label: 'Commit', testId: 'commit', disabled: locked }}
      testIds={{ panel: 'panel', verdictPrefix: 'verdict-', message: 'message' }}
    />
  );
}

function render(locked = false, problems: { field: string; message: string }[] = []) {
  host = document.createElement('div');
  document.body.append(host);
  root = createRoot(host);
  act(() =>
    root.render(
      <I18nextProvider i18n={i18n}>
        <Harness locked={locked} problems={problems} />
      </I18nextProvider>,
    ),
  );
  act(() => setContexts(['decision', 'case']));
}

const $ = (testId: string) => host.querySelector<HTMLElement>(`[data-testid="${testId}"]`)!;
const press = (key: string, code: string, mods: KeyboardEventInit = {}) => act(() => void window.dispatchEvent(new KeyboardEvent('keydown', { key, code, ...mods })));

describe('DecisionForm', () => {
  it('shows each key hint from the live keymap, and a remapped key at once', () => {
    render();
    expect($('verdict-upheld').querySelector('kbd')?.textContent).toBe('Y');
    expect($('verdict-rejected').querySelector('kbd')?.textContent).toBe('N');
    const remedyHints = [...host.querySelectorAll('.options--inline kbd')].map((k) => k.textContent);
    expect(remedyHints[0]).toBe('⇧1');
    expect(remedyHints).toHaveLength(Math.min(9, DEFAULT_POLICY.remediesByKind[kind].length));
    expect(host.querySelector('legend kbd')?.parentElement?.textContent).toContain('Note');
    expect($('commit').querySelector('kbd')?.textContent).toBe('Ctrl+Enter');

    act(() => void remap('decision.upheld', ['shift+y']));
    expect($('verdict-upheld').querySelector('kbd')?.textContent).toBe('⇧Y');
    act(() => void remap('decision.note', ['o']));
    expect([...host.querySelectorAll('legend kbd')].map((k) => k.textContent)).toContain('O');
    // The form obeys the new key, not the old one.
    press('y', 'KeyY');
    expect(form.get().draft.verdict).toBeNull();
    press('Y', 'KeyY', { shiftKey: true });
    expect(form.get().draft.verdict).toBe('upheld');
  });

  it('edits the draft by key, and commits', () => {
    render();
    press('n', 'KeyN');
    expect(form.get().draft.verdict).toBe('rejected');
    expect($('verdict-rejected').getAttribute('aria-pressed')).toBe('true');
    press('1', 'Digit1');
    expect(form.get().draft.reasonCodes).toEqual([DEFAULT_POLICY.reasonCodes[kind][0]!.code]);
    press('!', 'Digit1', { shiftKey: true });
    expect(form.get().draft.remedies).toEqual([DEFAULT_POLICY.remediesByKind[kind][0]]);
    press('Enter', 'Enter', { ctrlKey: true });
    expect(commits).toBe(1);
  });

  it('ignores draft keys and disables its sections when locked', () => {
    render(true);
    press('n', 'KeyN');
    press('1', 'Digit1');
    expect(form.get().draft).toEqual(EMPTY);
    expect([...host.querySelectorAll('fieldset')].every((f) => f.disabled)).toBe(true);
  });

  it('shows problems in their own section only once asked to', () => {
    render(false, [{ field: 'reasonCodes[0]', message: 'reason code does not fit' }]);
    expect(host.querySelector('.problems')).toBeNull();
    act(() => form.setShowProblems(true));
    const alerts = [...host.querySelectorAll('fieldset')].map((f) => f.querySelector('[role="alert"]')?.textContent ?? '');
    expect(alerts.filter(Boolean)).toHaveLength(1);
    expect(alerts[1]).toContain('reason code does not fit');
  });
});
