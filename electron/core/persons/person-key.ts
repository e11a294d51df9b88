import { createHmac } from 'node:crypto';
import type { CoreContext } from '../context';

/**
 * DOMAIN.md "person key": a keyed hash (HMAC-SHA-256) of the 12-digit CCCD with the install-time
 * secret. Counting and de-duplication use it, so they keep working after the digits are redacted,
 * and a returning person is recognised by hashing their CCCD again.
 */
export function personKeyOf(ctx: Pick<CoreContext, 'personKeySecret'>, cccd: string): string {
  return createHmac('sha256', ctx.personKeySecret).update(cccd, 'utf8').digest('hex');
}
