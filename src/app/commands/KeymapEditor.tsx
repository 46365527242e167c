import './commands.css';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { chordOf, commandRows, displayChord, IS_MAC, rowKeys, type Conflict } from './keymap';
import { COMMAND_BY_ID, COMMAND_GROUPS } from './registry';
import { commandTitle } from './titles';
import { remap, resetCommandKeys, resetKeymap, useKeymap, useKeyOverrides } from './runtime';

/**
 * Settings → Keyboard: every command with its keys. "Change" captures the next key pressed; a key
 * another command already uses in an overlapping context is refused, naming that command. Saved on
 * this machine; numbered commands (1–9) keep their digits.
 */
export function KeymapEditor() {
  const { t } = useTranslation();
  const keymap = useKeymap();
  const overrides = useKeyOverrides();
  const [capturing, setCapturing] = useState<string | null>(null);
  const [message, setMessage] = useState<{ tone: 'ok' | 'bad'; text: string } | null>(null);
  const title = (id: string): string => {
    const c = COMMAND_BY_ID.get(id);
    return c ? commandTitle(t, c) : id;
  };
  const refuse = (chord: string, conflicts: Conflict[], id: string): void =>
    setMessage({
      tone: 'bad',
      text: t('keys.conflict', {
        key: displayChord(chord, IS_MAC),
        with: [...new Set(conflicts.flatMap((c) => c.ids).filter((x) => x !== id))]
          .map(title)
          .join(t('keys.listSeparator')),
      }),
    });

  return (
    <div
      className="keymap"
      data-testid="keymap-editor"
      onKeyDown={(e) => {
        if (!capturing) return;
        const chord = chordOf(e.nativeEvent);
        if (!chord) return;
        e.preventDefault();
        e.stopPropagation();
        const id = capturing;
        setCapturing(null);
        if (chord === 'escape') return setMessage(null);
        if (chord === 'tab' || chord === 'shift+tab')
          return setMessage({ tone: 'bad', text: t('keys.reserved', { key: displayChord(chord, IS_MAC) }) });
        const conflicts = remap(id, [chord]);
        if (conflicts.length) refuse(chord, conflicts, id);
        else
          setMessage({
            tone: 'ok',
            text: t('keys.saved', { command: title(id), key: displayChord(chord, IS_MAC) }),
          });
      }}
    >
      <p
        className={`keymap__status${message?.tone === 'bad' ? ' form-error' : ''}`}
        role="status"
        data-testid="keymap-status"
      >
        {capturing
          ? t('keys.pressNewKeyFor', { command: title(capturing) })
          : (message?.text ?? t('keys.remapHint'))}
      </p>
      {COMMAND_GROUPS.map((g) => (
        <section key={g} className="keymap__group" aria-labelledby={`keymap-${g}`}>
          <h3 id={`keymap-${g}`} className="keymap__title">
            {t(`keys.groups.${g}`)}
          </h3>
          <table className="keymap__table">
            <tbody>
              {commandRows()
                .filter((r) => r.def.group === g)
                .map(({ def: c, members }) => {
                  const numbered = members.length > 1;
                  return (
                    <tr key={c.id} data-command={c.id}>
                      <th scope="row">
                        {t(`keys.commands.${c.title}`, { n: numbered ? 'N' : '' })}
                      </th>
                      <td>
                        {rowKeys({ def: c, members }, keymap, (k) => displayChord(k, IS_MAC)).map((k) => (
                          <kbd key={k}>{k}</kbd>
                        ))}
                      </td>
                      <td className="keymap__actions">
                        {!numbered && (
                          <button
                            type="button"
                            className="button button--small"
                            aria-pressed={capturing === c.id}
                            aria-label={t('keys.changeFor', { command: title(c.id) })}
                            onClick={() => {
                              setMessage(null);
                              setCapturing(c.id);
                            }}
                          >
                            {capturing === c.id ? t('keys.listening') : t('keys.remap')}
                          </button>
                        )}
                        {overrides[c.id] && (
                          <button
                            type="button"
                            className="button button--small"
                            onClick={() => {
                              const conflicts = resetCommandKeys(c.id);
                              if (conflicts.length) refuse(c.keys[0] ?? '', conflicts, c.id);
                              else setMessage(null);
                            }}
                          >
                            {t('keys.default')}
                          </button>
                        )}
                      </td>
                    </tr>
                  );
                })}
            </tbody>
          </table>
        </section>
      ))}
      <button
        type="button"
        className="button button--small"
        onClick={() => {
          resetKeymap();
          setMessage(null);
        }}
      >
        {t('keys.reset')}
      </button>
    </div>
  );
}
