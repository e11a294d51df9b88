#!/usr/bin/env node
// `npm start` / `npm run dev` on Linux (issue #21). Ubuntu 24.04+ forbids unprivileged user
// namespaces to programs without an AppArmor profile (kernel.apparmor_restrict_unprivileged_userns
// = 1); Chromium then falls back to the SUID helper chrome-sandbox, which npm installs neither
// root-owned nor setuid, and Electron aborts at start ("The SUID sandbox helper binary was found,
// but is not configured correctly"). The installed .deb needs nothing (its install script adds an
// AppArmor profile). Here we say what to do, once, instead of letting Electron abort; we never
// turn the sandbox off.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'node_modules', 'electron', 'dist');
const sandbox = path.join(dist, 'chrome-sandbox');

function readFlag(file) {
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    return null;
  }
}

if (process.platform !== 'linux' || !fs.existsSync(sandbox)) process.exit(0);
const restricted = readFlag('/proc/sys/kernel/apparmor_restrict_unprivileged_userns') === '1';
const stat = fs.statSync(sandbox);
const suidRoot = stat.uid === 0 && (stat.mode & 0o4000) !== 0;
if (!restricted || suidRoot) process.exit(0);

const electron = path.join(dist, 'electron');
console.error(`[linux-sandbox] This system restricts user namespaces (Ubuntu 24.04+), so Electron's sandbox needs one of:

  1. chrome-sandbox owned by root and setuid (simplest, for development):
       sudo chown root:root ${sandbox}
       sudo chmod 4755 ${sandbox}

  2. or an AppArmor profile for this Electron (what the installed .deb does):
       printf 'abi <abi/4.0>,\\ninclude <tunables/global>\\nprofile bhts-dev-electron "${electron}" flags=(unconfined) {\\n  userns,\\n}\\n' | sudo tee /etc/apparmor.d/bhts-dev-electron
       sudo apparmor_parser -r /etc/apparmor.d/bhts-dev-electron

Then run the command again. (npm reinstalling electron undoes 1.)`);
process.exit(1);
