import type { MethodName, MethodResult, ParsedInput } from '../../../shared/api/contract';
import type { CoreContext, Session } from '../context';

/** Told how far a long job is (rows written of rows to write); the caller throttles what it sends on. */
export type ProgressSink = (done: number, total: number) => void;

export type HandlerContext = { core: CoreContext; session: Session; progress?: ProgressSink | undefined };

export type Handler<M extends MethodName> = (ctx: HandlerContext, input: ParsedInput<M>) => MethodResult<M> | Promise<MethodResult<M>>;

/** A domain's share of the handlers; merged (and checked complete) in api/handlers.ts. */
export type HandlerMap<K extends MethodName> = { [M in K]: Handler<M> };
