import type { Role } from '../../../shared/roles';
import type { SessionUser } from '../../../shared/api/app';
import type { UsersTable } from '../db/schema';

export function rolesOf(row: Pick<UsersTable, 'roles_json'>): Role[] {
  return JSON.parse(row.roles_json) as Role[];
}

export function toSessionUser(row: UsersTable): SessionUser {
  return { id: row.id, username: row.username, fullName: row.full_name, roles: rolesOf(row) };
}

export function countUsers(sqlite: import('better-sqlite3').Database): number {
  return (sqlite.prepare('SELECT count(*) AS n FROM users').get() as { n: number }).n;
}
