import { useEffect } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import type { IssuedTicket } from '../../../../shared/api/queue';
import { formatDateTime } from '../../i18n';

// Issue #5 point 6: the ticket slip for 58/80 mm thermal printers (through the system printer).
// While printing, the slip is rendered beside #root and body gets `printing-slip`, so the print
// CSS (queue.css) hides the app and prints the slip alone. Issue #20: the page itself is 80 mm
// wide and one slip long while the slip prints (a constructed sheet: the CSP allows no inline
// style), so a thermal printer feeds one slip and no blank Letter page follows.

export const SLIP_PAGE = '@page { size: 80mm 100mm; margin: 3mm; }';

export function SlipContent({ issued }: { issued: IssuedTicket }) {
  const { t } = useTranslation();
  const { ticket } = issued;
  return (
    <>
      <p className="slip-center">{issued.centerName}</p>
      <p className="slip-title">{t('queue.slip.title')}</p>
      <p className="slip-number-label">{t('queue.slip.number')}</p>
      <p className="slip-number" data-testid="slip-number">{ticket.label}</p>
      {ticket.isPriority && ticket.priorityReason && <p>{t('queue.slip.priority', { reason: ticket.priorityReason })}</p>}
      <p>{t('queue.slip.time', { time: formatDateTime(ticket.createdAt) })}</p>
      <p className="slip-ahead">{t('queue.slip.ahead', { count: issued.peopleAhead })}</p>
      <p className="slip-thanks">{t('queue.slip.thanks')}</p>
    </>
  );
}

/** Renders the slip for the printer, prints it, then calls `onDone`. */
export function PrintSlip({ issued, onDone }: { issued: IssuedTicket; onDone: () => void }) {
  useEffect(() => {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(SLIP_PAGE);
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
    document.body.classList.add('printing-slip');
    const restore = () => {
      document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== sheet);
      document.body.classList.remove('printing-slip');
    };
    // The print is over when the browser says so (afterprint, after the dialog or the spooler).
    const finished = () => {
      restore();
      onDone();
    };
    window.addEventListener('afterprint', finished, { once: true });
    const timer = window.setTimeout(() => window.print(), 0);
    return () => {
      window.clearTimeout(timer);
      window.removeEventListener('afterprint', finished);
      restore();
    };
  }, [onDone]);
  return createPortal(
    <div className="ticket-slip-print">
      <SlipContent issued={issued} />
    </div>,
    document.body,
  );
}
