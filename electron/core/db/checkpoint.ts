import type { Database } from 'better-sqlite3';
import { cachedStatement } from './statement-cache';

// Issue #10 (save p99): with SQLite's automatic checkpoint (every 1,000 WAL pages) one save in
// ~30 paid for copying the whole WAL into the database file and its fsync (p99 13–15 ms on
// this VM against p50 1–2 ms). A save is durable once its WAL frames are synced; copying them
// into the main file can wait. So the core checkpoints *after* replying: a PASSIVE checkpoint
// (never waits for readers or writers) from a timer, once the connection has made `everyWrites`
// writing calls, or `idleMs` after the last one. SQLite's own automatic checkpoint stays as a
// backstop at `backstopPages` for writes outside core.invoke (CLI import, restore, migrations),
// and `journal_size_limit` trims a WAL that a big import grew once it has been checkpointed.

export type CheckpointPolicy = { everyWrites: number; idleMs: number; backstopPages: number; walSizeLimitBytes: number };

export const DEFAULT_CHECKPOINT_POLICY: CheckpointPolicy = {
  everyWrites: 25,
  idleMs: 2_000,
  backstopPages: 4_000,
  walSizeLimitBytes: 16 * 1024 * 1024,
};

export type CheckpointStats = { checkpoints: number; lastMs: number | null; failures: number };

export type Checkpointer = {
  /** Call after every API call: notes whether it wrote, and schedules the checkpoint. Never blocks. */
  afterCall(): void;
  /** Runs the checkpoint now (tests, shutdown). Returns false when nothing could be checkpointed. */
  checkpointNow(): boolean;
  stats(): CheckpointStats;
  close(): void;
};

/** Applies the backstop and WAL size limit to a writable connection (WAL mode). */
export function applyCheckpointPragmas(sqlite: Database, policy: CheckpointPolicy = DEFAULT_CHECKPOINT_POLICY): void {
  if (sqlite.readonly) return;
  sqlite.pragma(`wal_autocheckpoint = ${policy.backstopPages}`);
  sqlite.pragma(`journal_size_limit = ${policy.walSizeLimitBytes}`);
}

/**
 * After a complete checkpoint the next writer starts the WAL over: it writes a new WAL header and,
 * before its own frames, syncs it — a second fsync inside that commit (on this VM +1 ms, in ~4 %
 * of saves when checkpoints run every 25 writes, and in every save of a quiet desk when they run
 * on idle). Rewriting `user_version` with its own value is the smallest write there is (one page,
 * nothing changes): it pays that restart here, after the reply, instead of in the next save.
 */
function restartWal(sqlite: Database): void {
  // Never wait for another process's writer (a CLI import): then that writer restarts the WAL.
  const busyTimeout = sqlite.pragma('busy_timeout', { simple: true }) as number;
  sqlite.pragma('busy_timeout = 0');
  try {
    sqlite.transaction(() => {
      const version = sqlite.pragma('user_version', { simple: true }) as number;
      sqlite.pragma(`user_version = ${Math.trunc(version)}`);
    }).immediate();
  } catch {
    // SQLITE_BUSY or a full disk: the next save restarts the WAL itself, as SQLite always does.
  } finally {
    sqlite.pragma(`busy_timeout = ${Math.trunc(busyTimeout)}`);
  }
}

/**
 * `current` returns the connection in use (a restore replaces it); each connection gets its own
 * pragmas and change counter.
 */
export function createCheckpointer(current: () => Database, policy: CheckpointPolicy = DEFAULT_CHECKPOINT_POLICY): Checkpointer {
  let connection: Database | null = null;
  let lastChanges = 0;
  let writesSince = 0;
  let timer: NodeJS.Timeout | null = null;
  let closed = false;
  const stats: CheckpointStats = { checkpoints: 0, lastMs: null, failures: 0 };

  const usable = (sqlite: Database) => sqlite.open && !sqlite.readonly;

  const totalChanges = (sqlite: Database): number => (cachedStatement(sqlite, 'SELECT total_changes() AS n').get() as { n: number }).n;

  const clearTimer = () => {
    if (timer) clearTimeout(timer);
    timer = null;
  };

  const schedule = (delayMs: number) => {
    clearTimer();
    timer = setTimeout(() => {
      timer = null;
      checkpointNow();
    }, delayMs);
    timer.unref();
  };

  function checkpointNow(): boolean {
    const sqlite = current();
    writesSince = 0;
    if (closed || !usable(sqlite) || sqlite.inTransaction) return false;
    const started = performance.now();
    try {
      const [result] = sqlite.pragma('wal_checkpoint(PASSIVE)') as { busy: number; log: number; checkpointed: number }[];
      if (result && result.busy === 0 && result.log > 0 && result.checkpointed === result.log) restartWal(sqlite);
      stats.checkpoints += 1;
      stats.lastMs = performance.now() - started;
      return true;
    } catch {
      // SQLITE_BUSY or a full disk: the WAL stays valid and the next checkpoint retries.
      stats.failures += 1;
      return false;
    }
  }

  return {
    afterCall() {
      if (closed) return;
      const sqlite = current();
      if (!usable(sqlite)) return;
      if (sqlite !== connection) {
        // First call on this connection (opened, or replaced by a restore): its pragmas, and
        // whatever it wrote so far (migrations, a restore) counts as one write.
        connection = sqlite;
        applyCheckpointPragmas(sqlite, policy);
        lastChanges = -1;
      }
      const changes = totalChanges(sqlite);
      if (changes === lastChanges) return;
      lastChanges = changes;
      writesSince += 1;
      schedule(writesSince >= policy.everyWrites ? 0 : policy.idleMs);
    },
    checkpointNow,
    stats: () => ({ ...stats }),
    close() {
      closed = true;
      clearTimer();
    },
  };
}
