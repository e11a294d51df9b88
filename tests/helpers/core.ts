import fs from 'node:fs';
import { afterEach } from 'vitest';
import os from 'node:os';
import path from 'node:path';
import { openCore, type Core, type OpenCoreOptions } from '../../electron/core/core';
import { newSession, type Session } from '../../electron/core/context';
import type { Role } from '../../shared/roles';
import { testKeyring } from './keys';
import type { MethodInput, MethodName, MethodResult } from '../../shared/api/contract';
import type { ApiResult } from '../../shared/api/result';

// Integration-test helpers: a real SQLite file in a fresh temp folder, driven through the real API.

export function tempDir(prefix = 'bhts-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export type TestCore = Core & { dataDir: string; dispose(): void };

export function openTestCore(options: Partial<OpenCoreOptions> = {}): TestCore {
  const dataDir = options.dataDir ?? tempDir();
  const core = openCore({ appVersion: 'test', ...options, dataDir, keyring: options.keyring ?? testKeyring(dataDir, options.dbFile) });
  return Object.assign(core, {
    dataDir,
    dispose: () => {
      core.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  });
}

/** A maker of fresh test cores (each in its own temp folder), all disposed after each test. Call at a test file's top level. */
export function freshCores(options: Partial<OpenCoreOptions> = {}): () => TestCore {
  const cores: TestCore[] = [];
  afterEach(() => {
    for (const core of cores.splice(0)) core.dispose();
  });
  return () => {
    const core = openTestCore({ ...options, dataDir: tempDir() });
    cores.push(core);
    return core;
  };
}

export async function callApi<M extends MethodName>(core: Core, session: Session, method: M, input: MethodInput<M>): Promise<ApiResult<MethodResult<M>>> {
  return (await core.invoke(session, method, input)) as ApiResult<MethodResult<M>>;
}

/** Calls and unwraps, failing the test with the error code when the call is refused. */
export async function mustCall<M extends MethodName>(core: Core, session: Session, method: M, input: MethodInput<M>): Promise<MethodResult<M>> {
  const result = await callApi(core, session, method, input);
  if (!result.ok) throw new Error(`${method} failed: ${result.error.code} ${JSON.stringify(result.error.fields ?? [])}`);
  return result.value;
}

export const ADMIN = { fullName: 'Quản Trị Viên', username: 'admin', password: 'matkhau-admin-1' };

/** First-run setup through the API; returns the admin's signed-in session. */
export async function setupAdmin(core: Core): Promise<Session> {
  const session = newSession();
  await mustCall(core, session, 'setup.complete', { centerName: 'Trung tâm phục vụ Hành chính công phường Tân Lập', ward: 'Tân Lập', admin: ADMIN });
  return session;
}

/**
 * Creates a signed-in session for a user with the given roles, inserting the account directly.
 * Used until/unless an accounts API exists in a test's scope; the password is hashed for real.
 */
export async function sessionWithRoles(core: Core, roles: Role[], username = roles.join('-')): Promise<Session> {
  const { hashPassword } = await import('../../electron/core/accounts/passwords');
  const now = new Date().toISOString();
  core.ctx.sqlite
    .prepare(
      `INSERT INTO users (id, username, full_name, password_hash, roles_json, is_active, failed_attempts, locked_until, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, 1, 0, NULL, ?, ?)`,
    )
    .run(`user-${username}`, username, `Người dùng ${username}`, await hashPassword('matkhau-12345'), JSON.stringify(roles), now, now);
  const session = newSession();
  await mustCall(core, session, 'auth.login', { username, password: 'matkhau-12345' });
  return session;
}
