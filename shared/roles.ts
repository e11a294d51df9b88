// DOMAIN.md "The place and the people" and issue #3: the roles and what each may do.
// One matrix, checked by the core layer for every API method; the UI reads it only to hide
// what a role cannot do.

export const ROLES = ['staff', 'head', 'police', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = {
  /** Log visits, edit/void them, work the follow-up list. */
  'visits.write': ['staff'],
  /** Read visit lists (masked for staff). */
  'visits.read': ['staff', 'head', 'admin'],
  /** See full CCCD / phone on any record. */
  'persons.unmasked': ['head'],
  /** Queue: issue tickets, call, serve. */
  'queue.operate': ['staff'],
  'queue.read': ['staff', 'head', 'admin'],
  /** Police review of digital-signature registrations (full CCCD on those records). */
  'review.decide': ['police'],
  'review.read': ['police', 'head'],
  /** The police's own export of their filtered review list (full CCCD, audited). */
  'review.export': ['police'],
  /** Tallies, dashboards, printed reports. */
  'reports.read': ['head'],
  /** Exports that leave the PC. */
  'reports.export': ['head'],
  /** Data import / data export (the exchange format). */
  'data.exchange': ['head', 'admin'],
  /** Settings owned by the head: targets, periods, neighbourhoods, catalogue, retention, idle time. */
  'settings.head': ['head'],
  /** Settings owned by the admin: backup folders, update server, desk, printers, scanner. */
  'settings.admin': ['admin'],
  /** Read settings (everyone signed in needs the catalogue, neighbourhoods, …). */
  'settings.read': ['staff', 'head', 'police', 'admin'],
  'accounts.manage': ['admin'],
  'audit.read': ['head', 'admin'],
  'backup.manage': ['admin'],
  /** Citizens' data rights: print, correct, erase a person's data; retention job. */
  'privacy.manage': ['head'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(roles: readonly Role[] | undefined, permission: Permission): boolean {
  if (!roles) return false;
  const allowed: readonly Role[] = PERMISSIONS[permission];
  return roles.some((role) => allowed.includes(role));
}
