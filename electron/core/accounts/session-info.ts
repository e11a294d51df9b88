import type { SessionInfo } from '../../../shared/api/app';
import type { HandlerContext } from '../api/handlers-type';
import { getSetting } from '../settings/settings';

export function sessionInfo(ctx: HandlerContext): SessionInfo {
  return { user: ctx.session.user, isLocked: ctx.session.isLocked, idleMinutes: getSetting(ctx.core, 'security.idleMinutes') };
}
