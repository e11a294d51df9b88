import { can, type Role } from '../../../shared/roles';

// Issue #17 Medium 9: one rule for what leaves the PC with full identity (CCCD, phone): only a
// role that sees them on screen ('persons.unmasked': the head) exports them. The admin manages the
// PC and accounts and sees masked numbers, so it cannot export them either. (The police's review
// export, review.export, holds the full CCCD of the signature records the police see in full.)
export function seesIdentity(roles: readonly Role[] | undefined): boolean {
  return can(roles, 'persons.unmasked');
}
