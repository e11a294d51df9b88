import { createContext, useContext } from 'react';
import type { AppInfo, SessionInfo } from '../../shared/api/app';
import type { Permission } from '../../shared/roles';

export type AppState = {
  info: AppInfo;
  session: SessionInfo;
  setSession(session: SessionInfo): void;
  refreshInfo(): Promise<void>;
  can(permission: Permission): boolean;
};

export const AppContext = createContext<AppState | null>(null);

export function useApp(): AppState {
  const state = useContext(AppContext);
  if (!state) throw new Error('useApp outside AppContext');
  return state;
}
