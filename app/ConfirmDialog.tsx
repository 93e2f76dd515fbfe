'use client';

import { useEffect, useId, useRef } from 'react';

/**
 * A modal question with two answers (the browser's `<dialog>`: focus is kept inside, Escape
 * cancels). The confirming button has the focus when it opens only when `safe`; a destructive
 * question starts on Cancel.
 */
export default function ConfirmDialog({
  open,
  title,
  text,
  confirm,
  danger = false,
  busy = false,
  onConfirm,
  onCancel,
}: {
  open: boolean;
  title: string;
  text: string;
  confirm: string;
  danger?: boolean;
  busy?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  return (
    <dialog ref={ref} className="dialog" aria-labelledby={titleId} onCancel={(e) => (e.preventDefault(), onCancel())} data-testid="confirm-dialog">
      <h2 id={titleId}>{title}</h2>
      <p>{text}</p>
      <div className="row dialog-actions">
        <button type="button" className="button" onClick={onCancel} autoFocus={danger}>
          Cancel
        </button>
        <button type="button" className={danger ? 'button button-danger' : 'button button-primary'} onClick={onConfirm} disabled={busy} data-testid="confirm-yes">
          {confirm}
        </button>
      </div>
    </dialog>
  );
}
