import { newSession, type Session } from '../electron/core/context';
import type { Core } from '../electron/core/core';

// The bench drives the core layer the way main does: a session held outside the page and
// core.invoke(session, method, input) through dispatch (zod, role matrix, handler).

export async function invokeOk<T>(core: Core, session: Session, method: string, input: unknown): Promise<T> {
  const result = await core.invoke(session, method, input);
  if (!result.ok) throw new Error(`${method} refused: ${result.error.code} ${JSON.stringify(result.error.fields ?? [])}`);
  return result.value as T;
}

export const BENCH_PASSWORD = 'bench-matkhau-2026';

/** First-run setup (admin) and the accounts the bench uses, all through the API. */
export async function setupAccounts(core: Core, rngUuid: () => string): Promise<{ admin: Session; staffIds: string[]; policeId: string; headId: string }> {
  const admin = newSession();
  await invokeOk(core, admin, 'setup.complete', {
    centerName: 'Trung tâm phục vụ Hành chính công phường Tân Lập',
    ward: 'Tân Lập',
    admin: { fullName: 'Quản Trị Viên', username: 'admin', password: BENCH_PASSWORD },
  });
  const make = async (username: string, fullName: string, roles: string[]): Promise<string> => {
    const id = rngUuid();
    await invokeOk(core, admin, 'accounts.create', { id, username, fullName, roles, password: BENCH_PASSWORD });
    return id;
  };
  const staffIds = [
    await make('nv.hoa', 'Nguyễn Thị Hoa', ['staff']),
    await make('nv.ybhim', 'Y Bhim Êban', ['staff']),
    await make('nv.tuan', 'Trần Minh Tuấn', ['staff']),
    await make('nv.hhen', "H'Hen Niê", ['staff']),
  ];
  const policeId = await make('ca.dung', 'Lê Văn Dũng', ['police']);
  const headId = await make('gd.lan', 'Phạm Thị Lan', ['head']);
  return { admin, staffIds, policeId, headId };
}

export async function signIn(core: Core, username: string): Promise<Session> {
  const session = newSession();
  await invokeOk(core, session, 'auth.login', { username, password: BENCH_PASSWORD });
  return session;
}
