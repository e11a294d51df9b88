import type { ComponentType } from 'react';
import type { Permission } from '../../../../shared/roles';
import { CatalogueTab } from './CatalogueTab';
import { GeneralSettings } from './GeneralSettings';
import { AccountsTab } from './AccountsTab';
import { AuditTab } from './AuditTab';
import { BackupTab } from './BackupTab';
import { PrivacyTab } from './PrivacyTab';
import { QueueTab } from './QueueTab';
import { TargetsTab } from './TargetsTab';
import { DataTab } from './DataTab';
import { ImportTab } from './ImportTab';
import { LanTab } from './LanTab';

// The tabs of the Settings screen. Each domain adds its own tab component here (one line);
// a tab is shown when one of the user's roles holds its permission.
export type SettingsTab = { id: string; permission: Permission; Component: ComponentType };

export const SETTINGS_TABS: SettingsTab[] = [
  { id: 'general', permission: 'settings.read', Component: GeneralSettings },
  { id: 'targets', permission: 'settings.read', Component: TargetsTab },
  { id: 'data', permission: 'data.exchange', Component: DataTab },
  { id: 'import', permission: 'data.exchange', Component: ImportTab },
  { id: 'accounts', permission: 'accounts.manage', Component: AccountsTab },
  { id: 'audit', permission: 'audit.read', Component: AuditTab },
  { id: 'backup', permission: 'backup.manage', Component: BackupTab },
  { id: 'privacy', permission: 'privacy.manage', Component: PrivacyTab },
  { id: 'queue', permission: 'settings.read', Component: QueueTab },
  { id: 'catalogue', permission: 'settings.read', Component: CatalogueTab },
  { id: 'lan', permission: 'settings.admin', Component: LanTab },
];
