import { X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import { writeFileAtomic } from '../keys/key-store';
import path from 'node:path';
import { generate } from 'selfsigned';

// Issue #22 point 3: the host makes its own certificate once; desks pin its SHA-256 fingerprint
// (shown on both screens), so no certificate authority and no internet are needed. `selfsigned`
// (pure JavaScript, on WebCrypto) writes the X.509: Node can read certificates but not make them.

export type HostCertificate = { cert: string; key: string; fingerprint: string };

export async function ensureHostCertificate(dir: string): Promise<HostCertificate> {
  const file = path.join(dir, 'host-certificate.json');
  if (fs.existsSync(file)) {
    const stored = JSON.parse(fs.readFileSync(file, 'utf8')) as { cert: string; key: string };
    return { ...stored, fingerprint: fingerprintOf(stored.cert) };
  }
  const notAfterDate = new Date();
  notAfterDate.setFullYear(notAfterDate.getFullYear() + 10);
  const pems = await generate([{ name: 'commonName', value: 'Ban Ho Tro So host' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notAfterDate,
    extensions: [{ name: 'basicConstraints', cA: true }, { name: 'keyUsage', digitalSignature: true, keyCertSign: true }, { name: 'extKeyUsage', serverAuth: true }],
  });
  const stored = { cert: pems.cert, key: pems.private };
  // Owner-only (0600), under a temp name, fsynced and renamed: a kill never leaves half a key.
  writeFileAtomic(file, JSON.stringify(stored));
  return { ...stored, fingerprint: fingerprintOf(stored.cert) };
}

/** `AB:CD:…` (32 bytes), as browsers and `openssl x509 -fingerprint -sha256` show it. */
export function fingerprintOf(certPem: string): string {
  return new X509Certificate(certPem).fingerprint256;
}
