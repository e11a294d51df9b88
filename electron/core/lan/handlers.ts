import type { HandlerMap } from '../api/handlers-type';
import type { CoreContext } from '../context';
import { fail } from '../errors';
import type { LanRuntime } from './node';

// Issue #22: the Settings screen's LAN tab. Without a network runtime (the CLI's one-off
// commands, plain tests) this PC is alone and the network methods say so.

const runtimeOf = (core: CoreContext): LanRuntime => core.lan ?? fail('lan_unavailable');

export const lanHandlers: HandlerMap<'lan.status' | 'lan.startHost' | 'lan.pairingCode' | 'lan.desks' | 'lan.revokeDesk' | 'lan.probeHost' | 'lan.pairBoard' | 'lan.pairAsDesk'> = {
  'lan.status': ({ core }) => core.lan?.status() ?? { mode: 'alone' },
  'lan.startHost': ({ core }, input) => runtimeOf(core).startHost(input),
  'lan.pairingCode': ({ core }, { kind }) => runtimeOf(core).pairingCode(kind),
  'lan.desks': ({ core }) => ({ desks: runtimeOf(core).desks() }),
  'lan.revokeDesk': ({ core }, { deskId }) => ({ revoked: runtimeOf(core).revokeDesk(deskId) }),
  'lan.probeHost': ({ core }, { address }) => runtimeOf(core).probeHost(address),
  'lan.pairBoard': () => fail('forbidden'),
  'lan.pairAsDesk': ({ core }, input) => runtimeOf(core).pairAsDesk(core, input),
};
