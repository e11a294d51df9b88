// The intake's one-key shortcuts (issue #15) act only when the focus is not in a field that takes
// text: digits and letters typed into the name, CCCD, phone or a detail stay text.

/** Key i+1 cycles the i-th service of the catalogue (shown on screen next to the service). */
export const SERVICE_KEYS: readonly string[] = ['1', '2', '3', '4', '5', '6', '7', '8', '9'];

const NON_TEXT_INPUTS = new Set(['checkbox', 'radio', 'button', 'submit', 'reset']);

export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) return !NON_TEXT_INPUTS.has(target.type);
  return false;
}

/** The element to focus for an error at `path` (first invalid field first, issue #15). */
export function fieldIdOf(path: string): string {
  if (path === 'consent') return 'intake-consent-yes';
  if (path === 'services') return 'intake-services-keys';
  const service = /^service:([^:]+):(\w+)$/.exec(path);
  if (service) return `intake-service-${service[1]}-${service[2]}`;
  return `intake-${path.replace(/^person\./, '')}`;
}

export function focusField(path: string): void {
  const element = document.getElementById(fieldIdOf(path)) ?? (path.startsWith('service:') ? document.getElementById('intake-services-keys') : null);
  element?.focus();
}
