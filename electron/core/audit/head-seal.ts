import type { CoreContext } from '../context';
import { appendAudit, auditHead } from './audit';

// Issue #18 point 3: after each call that appended to the audit log, its head (seq, hash) is sealed
// in the key store with an HMAC under the sealing key (keys/key-store.ts sealHead). On every open
// the log must still hold the sealed entry, with the sealed hash: a log cut after it (its last
// rows deleted) or rewritten (every hash recomputed) no longer does, and the app says so and from
// where. The finding is written to the log itself, so it is not lost when the new head is sealed.

export type AuditHeadProblem = { kind: 'cut' | 'rewritten' | 'forged'; sealedSeq: number; foundSeq: number };

const problems = new WeakMap<CoreContext, AuditHeadProblem>();

export function auditHeadProblem(ctx: CoreContext): AuditHeadProblem | null {
  return problems.get(ctx) ?? null;
}

export function sealAuditHead(ctx: CoreContext): void {
  if (ctx.sqlite.readonly || !ctx.sqlite.open) return;
  const head = auditHead(ctx);
  ctx.keyring.sealHead({ seq: head.seq, hash: head.hash });
}

/** Compares the log with the sealed head; records and reports a break. */
export function checkSealedHead(ctx: CoreContext): AuditHeadProblem | null {
  const found = auditHead(ctx);
  let problem: AuditHeadProblem | null = null;
  if (ctx.keyring.headForged()) {
    problem = { kind: 'forged', sealedSeq: ctx.keyring.store().head?.seq ?? 0, foundSeq: found.seq };
  } else {
    const sealed = ctx.keyring.sealedHead();
    if (sealed && sealed.seq > 0) {
      const row = ctx.sqlite.prepare('SELECT hash FROM audit_log WHERE seq = ?').get(sealed.seq) as { hash: string } | undefined;
      if (!row) problem = { kind: 'cut', sealedSeq: sealed.seq, foundSeq: found.seq };
      else if (row.hash !== sealed.hash) problem = { kind: 'rewritten', sealedSeq: sealed.seq, foundSeq: found.seq };
    }
  }
  if (!problem) return null;
  problems.set(ctx, problem);
  if (!ctx.sqlite.readonly) {
    ctx.sqlite.transaction(() => appendAudit(ctx, { id: null, name: 'system' }, { action: 'audit.head_broken', entity: 'audit_log', entityId: null, summary: { ...problem } })).immediate();
    sealAuditHead(ctx);
  }
  return problem;
}
