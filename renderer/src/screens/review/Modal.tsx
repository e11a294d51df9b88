import { useEffect, useRef, type ReactNode } from 'react';

/**
 * A native modal <dialog>: focus is trapped by the browser, Escape closes it, and the element
 * that opened it gets focus back when it closes.
 */
export function Modal({ title, onClose, children, className }: { title: string; onClose(): void; children: ReactNode; className?: string }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    const opener = document.activeElement as HTMLElement | null;
    if (dialog && !dialog.open) dialog.showModal();
    return () => {
      if (dialog?.open) dialog.close();
      opener?.focus();
    };
  }, []);
  return (
    <dialog
      ref={ref}
      className={`review-modal ${className ?? ''}`}
      aria-labelledby="review-modal-title"
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <h2 id="review-modal-title">{title}</h2>
      {children}
    </dialog>
  );
}
