import { useEffect, useRef } from 'react';

/**
 * A modal <dialog> that follows an open flag (the palette, the cheat sheet, the release confirm, a
 * precedent): shown and closed by the flag, and the flag cleared when the browser closes it (Esc, a
 * form). The flag is
 * cleared at the Esc itself (`cancel` comes in the key's own event), and a `close` event that comes
 * after the dialog was opened again is ignored: it arrives a task late, and a key that reopened the
 * dialog in between (Esc then Ctrl+K) was otherwise undone by it.
 */
export function useModalDialog(open: boolean, setOpen: (open: boolean) => void) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  return {
    ref,
    onCancel: () => setOpen(false),
    onClose: () => {
      if (!ref.current?.open) setOpen(false);
    },
  };
}
