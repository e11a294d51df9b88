import { z } from 'zod';
import { method } from './define';

// Issue #22: several desks on the LAN. One PC is the host (its core serves the contract over
// HTTPS); the others are desks whose calls go to the host. A PC alone is neither.

export type LanMode = 'alone' | 'host' | 'desk';

export type LanDesk = {
  id: string;
  name: string;
  kind: 'desk' | 'board';
  counter: number | null;
  pairedAt: string;
  lastSeenAt: string | null;
  revokedAt: string | null;
};

export type LanStatus = {
  mode: LanMode;
  /** Host mode: where desks reach it, and its certificate's SHA-256 fingerprint. */
  host?: { port: number; bind: string; addresses: string[]; fingerprint: string };
  /** Desk mode: the host it is paired with (the pinned fingerprint) and this desk's counter. */
  desk?: { hostAddress: string; fingerprint: string; deskName: string; counter: number; reachable: boolean; pairedAt: string; sent: LanAdoptReport };
};

/** What a PC that had been used alone sent to the host when it was paired (issue #22 point 2). */
export type LanAdoptReport = { visits: number; services: number; alreadyOnHost: number };

const address = z.string().trim().min(3).max(200).regex(/^[A-Za-z0-9.:[\]-]+$/);
const deskName = z.string().trim().min(1).max(40);
const counter = z.number().int().min(1).max(99);

export const lanMethods = {
  'lan.status': method<LanStatus>()(z.strictObject({}), 'public'),
  'lan.startHost': method<LanStatus>()(z.strictObject({ port: z.number().int().min(1024).max(65535).optional(), bind: z.string().trim().max(60).optional() }), 'settings.admin'),
  'lan.pairingCode': method<{ code: string; kind: 'desk' | 'board'; expiresAt: string }>()(z.strictObject({ kind: z.enum(['desk', 'board']) }), 'settings.admin'),
  'lan.desks': method<{ desks: LanDesk[] }>()(z.strictObject({}), 'settings.admin'),
  'lan.revokeDesk': method<{ revoked: boolean }>()(z.strictObject({ deskId: z.string().uuid() }), 'settings.admin'),
  /** A PC about to become a desk: the host's certificate fingerprint, to compare with the host's screen. */
  'lan.probeHost': method<{ fingerprint: string }>()(z.strictObject({ address }), 'settings.admin'),
  /** The board page served by the host pairs with a board code; its bridge answers this (board-bridge.ts), a core never does. */
  'lan.pairBoard': method<{ paired: boolean }>()(z.strictObject({ code: z.string().regex(/^\d{6}$/) }), 'public'),
  'lan.pairAsDesk': method<{ sent: LanAdoptReport; status: LanStatus }>()(
    z.strictObject({ address, fingerprint: z.string().regex(/^[0-9A-F:]{95}$/), code: z.string().regex(/^\d{6}$/), deskName, counter }),
    'settings.admin',
  ),
};
