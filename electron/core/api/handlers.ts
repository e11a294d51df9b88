import type { MethodName } from '../../../shared/api/contract';
import type { Handler } from './handlers-type';
import { appHandlers } from '../app/handlers';
import { backupHandlers } from '../backup/handlers';
import { privacyHandlers } from '../privacy/handlers';
import { accountHandlers } from '../accounts/handlers';
import { lockInfoHandlers } from '../accounts/lock-info';
import { auditHandlers } from '../audit/handlers';
import { queueHandlers } from '../queue/handlers';
import { visitHandlers } from '../visits/handlers';
import { personHandlers } from '../persons/handlers';
import { reviewHandlers } from '../review/handlers';
import { reportExportHandlers } from '../report-exports/handlers';
import { reportHandlers } from '../reports/handlers';
import { lanHandlers } from '../lan/handlers';

// Every method of the contract has exactly one handler: the `satisfies` below fails to compile
// when a method is added to shared/api without its handler here.
export const handlers = {
  ...appHandlers,
  ...backupHandlers,
  ...privacyHandlers,
  ...accountHandlers,
  ...lockInfoHandlers,
  ...auditHandlers,
  ...queueHandlers,
  ...visitHandlers,
  ...personHandlers,
  ...reviewHandlers,
  ...reportExportHandlers,
  ...reportHandlers,
  ...lanHandlers,
} satisfies { [M in MethodName]: Handler<M> };
