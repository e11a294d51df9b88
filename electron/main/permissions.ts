import type { Session as ElectronSession } from 'electron';

// Issue #21: no permission prompt reaches the desk, and only our own page gets anything.
// Requests (a prompt in a browser): none is needed — Web Serial's port choice goes through
// `select-serial-port` (serial.ts), the board's sound needs no permission. Checks (asked
// silently by Chromium): `serial`, for navigator.serial on our page; every other check is refused,
// so the default (allow) never applies. https://www.electronjs.org/docs/latest/tutorial/security#5-handle-session-permission-requests-from-remote-content

const ALLOWED_CHECKS: ReadonlySet<string> = new Set(['serial']);

export function isPermissionCheckAllowed(permission: string, requestingUrl: string | undefined, requestingOrigin: string, isTrustedUrl: (url: string) => boolean): boolean {
  if (!ALLOWED_CHECKS.has(permission)) return false;
  return isTrustedUrl(requestingUrl ?? `${requestingOrigin}/`) && isTrustedUrl(`${requestingOrigin}/`);
}

export function installPermissionHandlers(session: ElectronSession, isTrustedUrl: (url: string) => boolean): void {
  session.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler((_webContents, permission, requestingOrigin, details) =>
    isPermissionCheckAllowed(permission, details.requestingUrl, requestingOrigin, isTrustedUrl),
  );
}
