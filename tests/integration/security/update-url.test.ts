import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { freshCores, callApi, mustCall, setupAdmin } from '../../helpers/core';
import { getSetting } from '../../../electron/core/settings/settings';

// Issue #17 Medium 8: updates.serverUrl took http: (an update can then be swapped on the way).

const newCore = freshCores();

describe('updates.serverUrl', () => {
  it('takes HTTPS, and plain HTTP only to this PC; refuses every other address', async () => {
    const core = newCore();
    const admin = await setupAdmin(core);
    for (const url of ['https://capnhat.daklak.gov.vn/ban-ho-tro-so', 'http://127.0.0.1:8080/updates', 'http://localhost:8080/', 'http://[::1]:8080/', '']) {
      const result = await mustCall(core, admin, 'settings.update', { key: 'updates.serverUrl', value: url });
      expect(result['updates.serverUrl'], url).toBe(url);
    }
    for (const url of ['http://capnhat.daklak.gov.vn/ban-ho-tro-so', 'http://192.168.1.10/updates', 'http://localhost.evil.example/', 'ftp://capnhat.daklak.gov.vn/', 'file:///C:/updates', 'javascript:alert(1)']) {
      expect(await callApi(core, admin, 'settings.update', { key: 'updates.serverUrl', value: url }), url).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    }
    // An http:// address stored before this rule reads as "no update server".
    core.ctx.sqlite.prepare(`INSERT OR REPLACE INTO settings (key, value_json, updated_at, updated_by) VALUES ('updates.serverUrl', ?, ?, NULL)`).run(JSON.stringify('http://capnhat.daklak.gov.vn/'), new Date().toISOString());
    expect(getSetting(core.ctx, 'updates.serverUrl')).toBe('');
  });

  it('electron-builder.yml documents code signing for the NSIS build', () => {
    const text = fs.readFileSync(path.resolve(__dirname, '../../../electron-builder.yml'), 'utf8');
    expect(text).toMatch(/CSC_LINK/);
    expect(text).toMatch(/CSC_KEY_PASSWORD/);
    expect(text).toMatch(/verifyUpdateCodeSignature/);
  });
});
