import fs from 'node:fs';
import { contract, isMethodName } from '../../shared/api/contract';
import type { ApiResult } from '../../shared/api/result';
import type { AppInfo, Language } from '../../shared/api/app';
import type { RecoveryStatus } from '../../shared/api/backup';
import type { Core, OpenCoreOptions } from './core';
import type { Session } from './context';
import type { ProgressSink } from './api/handlers-type';
import { AppError } from './errors';
import { appendAudit } from './audit/audit';
import { isLocalBackupDir, listBackupsIn, localBackupDir } from './backup/backup';
import { backupFileIn, prepareRestore, swapInRestoredFile, verifyBackupAdmin } from './backup/restore';
import { openCoreOrRecovery, type CoreOrRecovery } from './open-or-recovery';
import { openReadOnlyCore, type ReadOnlyCore } from './read-only';
import { unlockWithRecoveryCode, type KeySealer, type Keyring, type KeyringOrMissing } from './keys/keyring';
import { sealAuditHead } from './audit/head-seal';
import { verifyPassword } from './accounts/passwords';
import { normaliseRecoveryCode } from './accounts/recover';

type RecoveryRestoreInput = { dir?: string; name: string; backupPassword?: string; username: string; password: string; foreignRecoveryCode?: string; recoveryCode?: string };

// What main and the test transport hold: the core when the database opened, or the recovery
// state when it did not (issue #9 point 3). In recovery only a few public methods answer:
// app.info (with `recovery` set), the language, the session (nobody), and recovery.*.
// recovery.openReadOnly swaps in a read-only core (read-only.ts); `state` stays 'recovery' and
// `core` stays null, so main runs no backup, integrity check or other write against that file.

export type CoreHost = {
  readonly state: CoreOrRecovery;
  /** The running core, or null in recovery (also when the file was opened read-only). */
  readonly core: Core | null;
  /** Set after recovery.openReadOnly succeeded. */
  readonly readOnly: ReadOnlyCore | null;
  invoke(session: Session, method: unknown, input: unknown, progress?: ProgressSink): Promise<ApiResult<unknown>>;
  close(): void;
};

const failure = (code: string, extra: { params?: Record<string, string | number> } = {}): ApiResult<never> => ({ ok: false, error: { code, message: `errors.${code}`, ...extra } });

/** Issue #18: the host is given the keys found for the folder (or their absence) and the sealer. */
export type CoreHostOptions = Omit<OpenCoreOptions, 'keyring'> & { keys: KeyringOrMissing; sealer: KeySealer };

export function openCoreHost(hostOptions: CoreHostOptions): CoreHost {
  const { keys, sealer, ...options } = hostOptions;
  let keyring: Keyring | null = keys.kind === 'ok' ? keys.keyring : null;
  const backupKeys = () => (keyring ? { installationId: keyring.secrets().installationId, dbKey: keyring.dbKey() } : null);
  let state = openCoreOrRecovery({ ...options, keyring });
  let language: Language = 'vi';
  let readOnly: ReadOnlyCore | null = null;

  async function invokeInRecovery(recovery: Extract<CoreOrRecovery, { kind: 'recovery' }>, method: unknown, input: unknown): Promise<ApiResult<unknown>> {
    if (!isMethodName(method)) return failure('unknown_method');
    const parsed = contract[method].input.safeParse(input ?? {});
    if (!parsed.success) return failure('invalid_input');
    const data = parsed.data as Record<string, unknown>;
    switch (method) {
      case 'app.info': {
        const info: AppInfo = {
          appName: 'Bàn Hỗ Trợ Số',
          version: options.appVersion ?? '0.0.0',
          centerName: '',
          ward: '',
          language,
          needsSetup: false,
          recovery: { reason: recovery.reason, dbFile: recovery.dbFile },
        };
        return { ok: true, value: info };
      }
      case 'app.setLanguage':
        language = data.language === 'en' ? 'en' : 'vi';
        return { ok: true, value: { language } };
      case 'auth.session':
        return { ok: true, value: { user: null, isLocked: false, idleMinutes: 10 } };
      case 'recovery.status': {
        const status: RecoveryStatus = {
          inRecovery: true,
          canRestore: true,
          reason: recovery.reason,
          dbFile: recovery.dbFile,
          dataDir: recovery.dataDir,
          backups: listBackupsIn(localBackupDir(recovery.dataDir), 'local', options.nativeBinding, backupKeys()),
        };
        return { ok: true, value: status };
      }
      case 'recovery.listFolder':
        return { ok: true, value: { backups: listBackupsIn(String(data.dir), 'local', options.nativeBinding, backupKeys()) } };
      case 'recovery.unlock':
        return unlock(recovery, String(data.recoveryCode));
      case 'recovery.restore':
        return restoreFromRecovery(recovery, data as RecoveryRestoreInput);
      case 'recovery.openReadOnly':
        return openReadOnly(recovery);
      default:
        return failure('recovery_mode');
    }
  }

  /** Issue #18 point 7: the recovery code opens the key store's second copy; it is sealed again for this PC. */
  function unlock(recovery: Extract<CoreOrRecovery, { kind: 'recovery' }>, code: string): ApiResult<unknown> {
    if (recovery.reason !== 'key_missing' || keyring) return failure('not_in_recovery');
    const unlocked = unlockWithRecoveryCode(options.dataDir, code, sealer);
    if (!unlocked) return failure('bad_recovery');
    keyring = unlocked;
    if (state !== recovery) return failure('conflict');
    state = openCoreOrRecovery({ ...options, keyring });
    return { ok: true, value: { unlocked: true } };
  }

  function openReadOnly(recovery: Extract<CoreOrRecovery, { kind: 'recovery' }>): ApiResult<unknown> {
    if (readOnly) return { ok: true, value: { readOnly: true } };
    try {
      if (!keyring) return failure('key_missing');
      readOnly = openReadOnlyCore({ ...options, keyring, dbFile: recovery.dbFile });
      return { ok: true, value: { readOnly: true } };
    } catch (error) {
      // Refused (newer version, unreadable): we stay in recovery and say why.
      if (error instanceof AppError) return { ok: false, error: error.toApiError() };
      return failure('read_only_unavailable');
    }
  }

  async function invokeReadOnly(core: ReadOnlyCore, recovery: Extract<CoreOrRecovery, { kind: 'recovery' }>, session: Session, method: unknown, input: unknown): Promise<ApiResult<unknown>> {
    if (method === 'app.setLanguage') return invokeInRecovery(recovery, method, input);
    if (method === 'recovery.openReadOnly') return { ok: true, value: { readOnly: true } };
    if (method === 'recovery.status') return { ok: true, value: { inRecovery: false, canRestore: false } satisfies RecoveryStatus };
    const result = await core.invoke(session, method, input);
    if (method === 'app.info' && result.ok) {
      // The language lives in memory here (a settings write is refused), as in recovery.
      const info: AppInfo = { ...(result.value as AppInfo), language, readOnly: { reason: recovery.reason, dbFile: recovery.dbFile } };
      return { ok: true, value: info };
    }
    return result;
  }

  async function restoreFromRecovery(
    recovery: Extract<CoreOrRecovery, { kind: 'recovery' }>,
    input: RecoveryRestoreInput,
  ): Promise<ApiResult<unknown>> {
    try {
      // Without this installation's keys nothing can be written under them: the code unlocks first.
      if (!keyring) return failure('key_missing');
      const own = keyring;
      const dir = input.dir || localBackupDir(recovery.dataDir);
      const prepared = prepareRestore(backupFileIn(dir, input.name), {
        workDir: recovery.dataDir, password: input.backupPassword, nativeBinding: options.nativeBinding, allowPlain: isLocalBackupDir(recovery.dataDir, dir),
        installationId: own.secrets().installationId, key: own.dbKey(), foreignRecoveryCode: input.foreignRecoveryCode,
      });
      // Issue #18 point 4: another installation's backup is restored here only with this one's recovery code.
      const check = own.store().recoveryCheck;
      const localCodeOk = prepared.foreignInstallationId ? Boolean(input.recoveryCode && check && (await verifyPassword(normaliseRecoveryCode(input.recoveryCode), check))) : true;
      if (!localCodeOk || !(await verifyBackupAdmin(prepared, input.username, input.password, options.nativeBinding, own.dbKey()))) {
        fs.rmSync(prepared.tempFile, { force: true });
        return failure(localCodeOk ? 'bad_credentials' : 'local_recovery_required');
      }
      if (state !== recovery) {
        fs.rmSync(prepared.tempFile, { force: true });
        return failure('conflict');
      }
      // The damaged database is moved aside, never deleted: someone may still get data out of it.
      const swap = swapInRestoredFile(recovery.dataDir, recovery.dbFile, prepared, options.now?.() ?? new Date());
      // The restored log is another one on purpose (audited below): its head is sealed anew.
      const previousHead = own.store().head;
      own.clearHead();
      const next = openCoreOrRecovery({ ...options, keyring: own });
      if (next.kind !== 'ok') {
        swap.undo();
        if (previousHead) own.sealHead(previousHead);
        return failure('backup_corrupt');
      }
      state = next;
      const { ctx } = next.core;
      ctx.sqlite
        .transaction(() =>
          appendAudit(ctx, { id: null, name: input.username }, {
            action: 'backup.restore',
            entity: 'backup',
            entityId: input.name,
            summary: {
              location: input.dir ? 'folder' : 'local', recoveryReason: recovery.reason, setAside: swap.setAsideFile.split(/[\\/]/).pop() ?? '', counts: prepared.summary.counts,
              ...(prepared.foreignInstallationId ? { foreignInstallation: prepared.foreignInstallationId } : {}),
            },
          }),
        )
        .immediate();
      sealAuditHead(ctx);
      return { ok: true, value: { setAsideFile: swap.setAsideFile, summary: prepared.summary } };
    } catch (error) {
      if (error instanceof AppError) return { ok: false, error: error.toApiError() };
      return failure('internal');
    }
  }

  return {
    get state() {
      return state;
    },
    get core() {
      return state.kind === 'ok' ? state.core : null;
    },
    get readOnly() {
      return readOnly;
    },
    invoke: (session, method, input, progress) => {
      if (state.kind === 'ok') return state.core.invoke(session, method, input, progress);
      return readOnly ? invokeReadOnly(readOnly, state, session, method, input) : invokeInRecovery(state, method, input);
    },
    close: () => {
      if (state.kind === 'ok') state.core.close();
      readOnly?.close();
      readOnly = null;
    },
  };
}
