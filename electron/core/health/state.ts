import type { CoreContext } from '../context';

// What start-up learned about the database (unclean shutdown, …), kept beside the context.
const startupFacts = new WeakMap<CoreContext, { uncleanShutdown: boolean }>();

export function setStartupFacts(ctx: CoreContext, facts: { uncleanShutdown: boolean }): void {
  startupFacts.set(ctx, facts);
}

export function startupFactsOf(ctx: CoreContext): { uncleanShutdown: boolean } {
  return startupFacts.get(ctx) ?? { uncleanShutdown: false };
}
