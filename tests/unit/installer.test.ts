import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { FuseV1Options, FuseVersion } from '@electron/fuses';
import { describe, expect, it } from 'vitest';

// Issue #9 point 7: what can be tested without downloading Electron: the installer configuration
// loads and says what we need, and the fuse script sets the fuses we claim.
const require = createRequire(import.meta.url);
// js-yaml is what electron-builder itself uses to read this file (a dependency of electron-builder).
const yaml = require('js-yaml') as { load(text: string): unknown };
const root = path.resolve(__dirname, '../..');
type BuilderConfig = Record<string, unknown> & {
  appId: string;
  productName: string;
  asar: boolean;
  asarUnpack?: string[];
  afterPack: string;
  extraResources: { from: string; to: string; filter: string[] }[];
  win: { target: { target: string; arch: string[] }[]; icon: string };
  nsis: Record<string, unknown>;
  linux: { target: string[]; icon: string };
  publish: { provider: string }[];
};

describe('electron-builder.yml', () => {
  const config = yaml.load(fs.readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as BuilderConfig;

  it("passes electron-builder's own schema validation (and that validation does refuse a wrong key)", async () => {
    const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
      getConfig(projectDir: string, configPath: string, options: null): Promise<Record<string, unknown>>;
      validateConfiguration(config: Record<string, unknown>, logger: unknown): Promise<void>;
    };
    const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
    const loaded = await getConfig(root, path.join(root, 'electron-builder.yml'), null);
    await expect(validateConfiguration(loaded, new DebugLogger(false))).resolves.toBeUndefined();
    await expect(validateConfiguration({ ...loaded, win: { ...(loaded.win as object), notAnOption: 1 } }, new DebugLogger(false))).rejects.toThrow(/Invalid configuration/);
  });

  it('builds an NSIS installer for 64-bit Windows and a deb for Linux (no AppImage: it aborts on Ubuntu 24.04+)', () => {
    expect(config.appId).toBe('vn.gov.daklak.tanlap.banhotroso');
    expect(config.productName).toBe('Bàn Hỗ Trợ Số');
    expect(config.win.target).toEqual([{ target: 'nsis', arch: ['x64'] }]);
    expect(config.nsis.deleteAppDataOnUninstall).toBe(false);
    expect(config.linux.target).toEqual(['deb']);
  });

  it('ships the Electron build of better-sqlite3 in resources/native (nothing unpacked from the asar), and runs the fuse script after packing', () => {
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toBeUndefined();
    expect(config.extraResources).toContainEqual({ from: '.native/electron', to: 'native', filter: ['better_sqlite3.node', 'marker.json'] });
    expect(config.afterPack).toBe('scripts/fuses.cjs');
    expect(fs.existsSync(path.join(root, config.afterPack))).toBe(true);
    expect(config.publish[0]?.provider).toBe('generic');
  });

  it('has its icons in resources/', () => {
    const resources = path.join(root, 'resources');
    for (const file of ['icon.ico', 'icon.png', 'icons/256x256.png', 'icons/512x512.png', `${config.win.icon}`]) {
      const bytes = fs.readFileSync(path.join(resources, file));
      expect(bytes.length).toBeGreaterThan(100);
    }
    const png = fs.readFileSync(path.join(resources, 'icons/256x256.png'));
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    // PNG IHDR: width and height at bytes 16..24.
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([256, 256]);
  });
});

describe('scripts/fuses.cjs', () => {
  const fuses = require(path.join(root, 'scripts/fuses.cjs')) as {
    FUSES: Record<string, unknown>;
    electronBinaryPath(context: unknown): string;
  };

  it('turns run-as-node, NODE_OPTIONS and --inspect off, and asar integrity and asar-only loading on', () => {
    expect(fuses.FUSES.version).toBe(FuseVersion.V1);
    expect(fuses.FUSES[FuseV1Options.RunAsNode]).toBe(false);
    expect(fuses.FUSES[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(false);
    expect(fuses.FUSES[FuseV1Options.EnableNodeCliInspectArguments]).toBe(false);
    expect(fuses.FUSES[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(true);
    expect(fuses.FUSES[FuseV1Options.OnlyLoadAppFromAsar]).toBe(true);
  });

  it('finds the packed Electron binary on each platform', () => {
    const packager = { appInfo: { productFilename: 'Bàn Hỗ Trợ Số' }, executableName: 'ban-ho-tro-so' };
    expect(fuses.electronBinaryPath({ appOutDir: '/o', electronPlatformName: 'win32', packager })).toBe(path.join('/o', 'Bàn Hỗ Trợ Số.exe'));
    expect(fuses.electronBinaryPath({ appOutDir: '/o', electronPlatformName: 'linux', packager })).toBe(path.join('/o', 'ban-ho-tro-so'));
  });
});
