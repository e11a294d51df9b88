import type { z } from 'zod';
import type { Permission } from '../roles';

/**
 * Who may call a method:
 * - 'public': no sign-in needed (app info, first-run setup, sign-in itself);
 * - 'session': any signed-in, unlocked user;
 * - a Permission from the role matrix (shared/roles.ts).
 */
export type Access = 'public' | 'session' | Permission;

export type MethodSpec<I extends z.ZodType = z.ZodType, R = unknown> = {
  input: I;
  access: Access;
  /** Phantom: the result type, never set at run time. */
  readonly __result?: R;
};

/** `method<Result>()(inputSchema, access)`: the two-step call lets TypeScript infer the schema. */
export function method<R>() {
  return <I extends z.ZodType>(input: I, access: Access): MethodSpec<I, R> => ({ input, access });
}

export type MethodMap = Record<string, MethodSpec>;
