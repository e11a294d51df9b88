import { createHash, randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { writeFileAtomic } from '../keys/key-store';
import path from 'node:path';
import type { LanDesk } from '../../../shared/api/lan';
import type { PairingKind } from './pairing';

// Issue #22: the desks and boards paired with this host, and their tokens. Only a hash of each
// token is kept (a copy of the file lets nobody in). Kept in the data folder beside the
// database, not in it: it is the network's configuration, not the center's records, and a
// restored backup must not bring back a token the admin revoked.

type StoredDesk = LanDesk & { tokenHash: string };

export type DeskTokens = {
  add(input: { name: string; kind: PairingKind; counter: number | null }): { desk: LanDesk; token: string };
  /** The live (not revoked) desk holding this token, or null. */
  check(token: string): LanDesk | null;
  list(): LanDesk[];
  revoke(deskId: string): boolean;
};

const hashOf = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

export function openDeskTokens(dir: string, now: () => Date = () => new Date()): DeskTokens {
  const file = path.join(dir, 'desks.json');
  let desks: StoredDesk[] = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as StoredDesk[]) : [];
  const save = () => {
    // Temp name, fsync, rename, fsync of the folder (a kill leaves the old list or the new one).
    writeFileAtomic(file, JSON.stringify(desks, null, 2));
  };
  const publicOf = ({ tokenHash: _hash, ...desk }: StoredDesk): LanDesk => desk;
  let lastSeenSaved = 0;
  return {
    add({ name, kind, counter }) {
      const token = randomBytes(32).toString('base64url');
      const desk: StoredDesk = { id: randomUUID(), name, kind, counter, pairedAt: now().toISOString(), lastSeenAt: null, revokedAt: null, tokenHash: hashOf(token) };
      desks = [...desks, desk];
      save();
      return { desk: publicOf(desk), token };
    },
    check(token) {
      const hash = hashOf(token);
      const desk = desks.find((d) => d.tokenHash === hash && d.revokedAt === null);
      if (!desk) return null;
      desk.lastSeenAt = now().toISOString();
      // "Last seen" is for the admin's list: written at most once a minute, never per call.
      if (Date.now() - lastSeenSaved > 60_000) {
        lastSeenSaved = Date.now();
        save();
      }
      return publicOf(desk);
    },
    list: () => desks.map(publicOf),
    revoke(deskId) {
      const desk = desks.find((d) => d.id === deskId && d.revokedAt === null);
      if (!desk) return false;
      desk.revokedAt = now().toISOString();
      save();
      return true;
    },
  };
}
