import './commands.css';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { displayChord, IS_MAC } from './keymap';
import { usePinyin, whenIdle } from './pinyin';
import { useModalDialog } from '../../ui/modalDialog';
import { searchCommands } from './titles';
import { isRunnable, runCommand, setPaletteOpen, useCommand, useKeymap, usePaletteOpen } from './runtime';

/** Ctrl/⌘+K: run any command available here by name (Chinese or English title, its pinyin or initials, or its id). */
export function CommandPalette() {
  const { t, i18n } = useTranslation();
  const open = usePaletteOpen();
  const keymap = useKeymap();
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const dialog = useModalDialog(open, setPaletteOpen);
  useCommand('app.palette', () => {
    setQuery('');
    setActive(0);
    setPaletteOpen(true);
  });

  const pinyin = usePinyin(open);
  // Once pinyin is here, every command's spellings are worked out while nobody waits on them.
  useEffect(() => {
    if (!pinyin) return;
    return whenIdle(() => void searchCommands(t, '', () => true, pinyin, i18n.language));
  }, [pinyin, t, i18n.language]);
  const results = useMemo(
    () => (open ? searchCommands(t, query, isRunnable, pinyin, i18n.language) : []),
    [open, query, t, pinyin, i18n.language],
  );

  const run = (id: string) => {
    setPaletteOpen(false);
    // After the dialog has closed, so focus has returned to the page the command acts on.
    queueMicrotask(() => runCommand(id));
  };

  return (
    <dialog
      ref={dialog.ref}
      className="dialog palette"
      aria-label={t('keys.paletteTitle')}
      onCancel={dialog.onCancel}
      onClose={dialog.onClose}
      data-testid="palette"
    >
      <input
        className="input palette__input"
        autoFocus
        value={query}
        placeholder={t('keys.palettePlaceholder')}
        aria-label={t('keys.paletteTitle')}
        role="combobox"
        aria-expanded="true"
        aria-controls="palette-list"
        aria-activedescendant={results[active] ? `palette-${active}` : undefined}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            setActive((a) => Math.min(results.length - 1, a + 1));
          } else if (e.key === 'ArrowUp') {
            e.preventDefault();
            setActive((a) => Math.max(0, a - 1));
          } else if (e.key === 'Enter') {
            e.preventDefault();
            const r = results[active];
            if (r) run(r.c.id);
          } else if (e.key === 'Escape') {
            // Closed in the key's own event (the field's Esc; see useModalDialog for the dialog's).
            e.preventDefault();
            setPaletteOpen(false);
          }
        }}
      />
      <ul id="palette-list" role="listbox" className="palette__list">
        {results.map((r, i) => (
          <li
            key={r.c.id}
            id={`palette-${i}`}
            role="option"
            aria-selected={i === active}
            className={`palette__item${i === active ? ' is-active' : ''}`}
            onMouseDown={(e) => {
              e.preventDefault();
              run(r.c.id);
            }}
          >
            <span>{r.title}</span>
            {keymap.get(r.c.id)?.[0] && <kbd>{displayChord(keymap.get(r.c.id)?.[0] ?? '', IS_MAC)}</kbd>}
          </li>
        ))}
        {results.length === 0 && <li className="palette__empty">{t('keys.noCommands')}</li>}
      </ul>
    </dialog>
  );
}
