import path from 'node:path';
import type { HandlerMap } from '../api/handlers-type';
import type { CoreContext } from '../context';
import { actorOf, type Actor } from '../context';
import { fail } from '../errors';
import { appendAudit } from '../audit/audit';
import { getSetting, writeSetting } from '../settings/settings';
import { countUsers } from '../accounts/users';
import { clockStatus, newestRecordAt } from '../health/clock';
import { lastIntegrityCheck } from '../health/integrity';
import { startupFactsOf } from '../health/state';
import { lastUpdateStatus } from '../health/update-status';
import type { BackupConfig, RestoreReport } from '../../../shared/api/backup';
import { backupKeysOf, isLocalBackupDir, listBackups, listBackupsIn, localBackupDir, newestBackupAt, runBackup } from './backup';
import { hasBackupPassword, storeBackupPassword } from './key';
import { backupFileIn, prepareRestore, restoreIntoRunningCore, verifyBackupAdmin, type PreparedRestore } from './restore';
import fs from 'node:fs';
import { sealAuditHead } from '../audit/head-seal';
import { auditHeadProblem } from '../audit/head-seal';
import { keyFileContent } from '../keys/key-file';

export function backupConfig(ctx: CoreContext): BackupConfig {
  return {
    externalDir: getSetting(ctx, 'backup.externalDir'),
    intervalHours: getSetting(ctx, 'backup.intervalHours'),
    hasPassword: hasBackupPassword(ctx),
    localDir: localBackupDir(ctx.dataDir),
  };
}

function folderOf(ctx: CoreContext, location: 'local' | 'external'): string {
  if (location === 'local') return localBackupDir(ctx.dataDir);
  const external = getSetting(ctx, 'backup.externalDir');
  return external || fail('not_found');
}

/** Restores into the running core and audits it *in the restored database* (its log goes on). */
export function finishRestore(ctx: CoreContext, actor: Actor, prepared: PreparedRestore, source: { name: string; location: string }): RestoreReport {
  const { setAsideFile } = restoreIntoRunningCore(ctx, prepared);
  ctx.sqlite
    .transaction(() =>
      appendAudit(ctx, actor, {
        action: 'backup.restore',
        entity: 'backup',
        entityId: source.name,
        summary: {
          location: source.location,
          setAside: path.basename(setAsideFile),
          backupTakenAt: prepared.summary.takenAt,
          counts: prepared.summary.counts,
          ...(prepared.foreignInstallationId ? { foreignInstallation: prepared.foreignInstallationId } : {}),
        },
      }),
    )
    .immediate();
  sealAuditHead(ctx);
  return { setAsideFile, summary: prepared.summary };
}

function ownKeys(ctx: CoreContext): { installationId: string; key: Buffer } {
  return { installationId: ctx.keyring.secrets().installationId, key: ctx.keyring.dbKey() };
}

function recoveryAllowed(ctx: CoreContext): boolean {
  // In a running app, the public recovery.* methods work only at first run (no account yet).
  return countUsers(ctx.sqlite) === 0;
}

export const backupHandlers: HandlerMap<
  'backup.list' | 'backup.now' | 'backup.restore' | 'backup.settings' | 'health.status' | 'recovery.status' | 'recovery.listFolder' | 'recovery.restore' | 'recovery.openReadOnly' | 'recovery.unlock' | 'backup.exportKeyFile'
> = {
  // The database opened: its key is here.
  'recovery.unlock': () => fail('not_in_recovery'),

  'backup.exportKeyFile': ({ core, session }) => {
    const file = keyFileContent(core.keyring.secrets());
    core.sqlite.transaction(() => appendAudit(core, actorOf(session), { action: 'backup.export_key_file', entity: 'backup', entityId: null, summary: {} })).immediate();
    return file;
  },

  'backup.list': ({ core }) => ({ backups: listBackups(core), config: backupConfig(core) }),

  'backup.now': ({ core, session }) => {
    const report = runBackup(core, 'manual');
    core.sqlite
      .transaction(() =>
        appendAudit(core, actorOf(session), {
          action: 'backup.create',
          entity: 'backup',
          entityId: report.local.name,
          summary: { external: report.external ? (report.external.ok ? report.external.entry.name : report.external.code) : null, removed: report.removed.length },
        }),
      )
      .immediate();
    return report;
  },

  'backup.restore': ({ core, session }, input) => {
    const file = backupFileIn(folderOf(core, input.location), input.name);
    const prepared = prepareRestore(file, { workDir: core.dataDir, password: input.password, nativeBinding: core.nativeBinding, allowPlain: input.location === 'local', ...ownKeys(core), foreignRecoveryCode: input.foreignRecoveryCode });
    const actor = actorOf(session);
    const report = finishRestore(core, actor, prepared, { name: input.name, location: input.location });
    // The restored database has its own accounts: whoever restored signs in again.
    session.user = null;
    session.isLocked = false;
    return report;
  },

  'backup.settings': ({ core, session }, input) => {
    if (input.externalDir) {
      if (!path.isAbsolute(input.externalDir)) fail('invalid_input', { fields: [{ path: 'externalDir', code: 'not_absolute' }] });
      let isDir = false;
      try {
        isDir = fs.statSync(input.externalDir).isDirectory();
      } catch {
        isDir = false;
      }
      if (!isDir) fail('backup_folder_unavailable', { fields: [{ path: 'externalDir', code: 'not_found' }] });
    }
    const actor = actorOf(session);
    core.sqlite
      .transaction(() => {
        if (input.externalDir !== undefined) writeSetting(core, actor, 'backup.externalDir', input.externalDir);
        if (input.intervalHours !== undefined) writeSetting(core, actor, 'backup.intervalHours', input.intervalHours);
        if (input.password !== undefined) {
          storeBackupPassword(core, input.password);
          // The password is never written anywhere, the audit only says it changed.
          appendAudit(core, actor, { action: 'backup.password', entity: 'backup', entityId: null, summary: {} });
        }
      })
      .immediate();
    return backupConfig(core);
  },

  'health.status': ({ core }) => ({
    clock: clockStatus(core.now(), newestRecordAt(core)),
    uncleanShutdown: startupFactsOf(core).uncleanShutdown,
    lastBackupAt: newestBackupAt(core)?.toISOString() ?? null,
    lastIntegrityCheck: lastIntegrityCheck(core),
    update: lastUpdateStatus(core),
    auditHeadProblem: auditHeadProblem(core),
  }),

  'recovery.status': ({ core }) => ({ inRecovery: false, canRestore: recoveryAllowed(core) }),

  // The database opened normally: there is nothing to open read-only (host.ts answers in recovery).
  'recovery.openReadOnly': () => fail('not_in_recovery'),

  'recovery.listFolder': ({ core }, input) => {
    if (!recoveryAllowed(core)) return fail('forbidden');
    return { backups: listBackupsIn(input.dir, 'local', core.nativeBinding, backupKeysOf(core)) };
  },

  // First run: restore a backup instead of starting empty (issue #9 point 2).
  'recovery.restore': async ({ core }, input) => {
    if (!recoveryAllowed(core)) return fail('forbidden');
    const dir = input.dir || localBackupDir(core.dataDir);
    const prepared = prepareRestore(backupFileIn(dir, input.name), {
      workDir: core.dataDir, password: input.backupPassword, nativeBinding: core.nativeBinding, allowPlain: isLocalBackupDir(core.dataDir, dir), ...ownKeys(core), foreignRecoveryCode: input.foreignRecoveryCode,
    });
    if (!(await verifyBackupAdmin(prepared, input.username, input.password, core.nativeBinding, core.keyring.dbKey()))) {
      fs.rmSync(prepared.tempFile, { force: true });
      return fail('bad_credentials');
    }
    if (!recoveryAllowed(core)) {
      fs.rmSync(prepared.tempFile, { force: true });
      return fail('forbidden');
    }
    return finishRestore(core, { id: null, name: input.username }, prepared, { name: input.name, location: input.dir ? 'folder' : 'local' });
  },
};
