import type { ComponentType } from 'react';
import type { Permission } from '../../../shared/roles';
import { HomeScreen } from './HomeScreen';
import { SettingsScreen } from './settings/SettingsScreen';
import { IntakeScreen } from './intake/IntakeScreen';
import { LogScreen } from './log/LogScreen';
import { ReviewScreen } from './review/ReviewScreen';
import { QueueScreen } from './QueueScreen';
import { ReportsScreen } from './reports/ReportsScreen';

// The screens of the shell, in navigation order. A screen is listed for a user only when one of
// their roles holds its permission (the core enforces the same matrix on every call).
export type ScreenDef = {
  id: 'home' | 'queue' | 'intake' | 'log' | 'reports' | 'review' | 'settings';
  permission: Permission | null;
  Component: ComponentType;
};

export const SCREENS: readonly ScreenDef[] = [
  { id: 'home', permission: null, Component: HomeScreen },
  { id: 'queue', permission: 'queue.read', Component: QueueScreen },
  { id: 'intake', permission: 'visits.write', Component: IntakeScreen },
  { id: 'log', permission: 'visits.read', Component: LogScreen },
  { id: 'reports', permission: 'reports.read', Component: ReportsScreen },
  { id: 'review', permission: 'review.read', Component: ReviewScreen },
  { id: 'settings', permission: 'settings.read', Component: SettingsScreen },
];
