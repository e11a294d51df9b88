import { useEffect, useRef, type ReactNode } from 'react';

/** A small modal: focus goes to the safe choice; Esc picks it too. */
export function ConfirmDialog(props: {
  title: string;
  children?: ReactNode;
  confirmLabel: string;
  cancelLabel: string;
  danger?: boolean;
  confirmDisabled?: boolean;
  onConfirm(): void;
  onCancel(): void;
  /** Focus this element id first instead of the cancel button (e.g. a reason field). */
  initialFocusId?: string;
}) {
  const cancelRef = useRef<HTMLButtonElement>(null);
  const { initialFocusId, onCancel } = props;
  useEffect(() => {
    const first = initialFocusId ? document.getElementById(initialFocusId) : null;
    (first ?? cancelRef.current)?.focus();
  }, [initialFocusId]);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        event.preventDefault();
        event.stopPropagation();
        onCancel();
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [onCancel]);
  return (
    <div className="visits-modal-backdrop">
      <div className="visits-modal card" role="dialog" aria-modal="true" aria-labelledby="visits-modal-title">
        <h2 id="visits-modal-title">{props.title}</h2>
        {props.children}
        <div className="actions">
          <button type="button" className={props.danger ? 'button danger' : 'button primary'} disabled={props.confirmDisabled} onClick={props.onConfirm}>
            {props.confirmLabel}
          </button>
          <button type="button" className="button" ref={cancelRef} onClick={props.onCancel}>
            {props.cancelLabel}
          </button>
        </div>
      </div>
    </div>
  );
}
