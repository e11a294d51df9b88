// The reports screen's own sub-views live in the hash query (#/reports?print=from_to,
// #/reports?unregistered=<agency>|*), so the shell keeps the reports screen selected and the
// browser's Back returns to the dashboard.

export type ReportsView =
  | { kind: 'dashboard' }
  | { kind: 'print'; from: string; to: string }
  | { kind: 'unregistered'; agency: string | null };

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function viewFromHash(hash: string): ReportsView {
  const query = hash.split('?')[1] ?? '';
  const params = new URLSearchParams(query);
  const print = params.get('print');
  if (print) {
    const [from, to] = print.split('_');
    if (from && DAY.test(from) && (!to || DAY.test(to))) return { kind: 'print', from, to: to ?? from };
  }
  const unregistered = params.get('unregistered');
  if (unregistered !== null) return { kind: 'unregistered', agency: unregistered === '*' ? null : unregistered };
  return { kind: 'dashboard' };
}

export function printHash(from: string, to: string): string {
  return `#/reports?print=${from}_${to}`;
}

export function unregisteredHash(agency: string | null): string {
  return `#/reports?unregistered=${encodeURIComponent(agency ?? '*')}`;
}
