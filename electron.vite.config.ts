import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import { devContentSecurityPolicy } from './scripts/dev-csp';

// Main and preload run in Node/Electron; the renderer is a plain React page that talks
// to the app only through the preload's typed API (STYLE.md: layers).
// BHTS_OUT_DIR lets parallel builds (several developers, or e2e runs) use separate folders.
const outDir = resolve(__dirname, process.env.BHTS_OUT_DIR ?? 'out');

export default defineConfig({
  main: {
    build: {
      outDir: resolve(outDir, 'main'),
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'electron/main/index.ts'),
          // Issue #21: the core's own process (utilityProcess in the app, child_process.fork in tests).
          'core-process': resolve(__dirname, 'electron/core-process/index.ts'),
          // Issue #8: the report export's worker thread, loaded by core/report-exports/run-export.ts.
          'report-export-worker': resolve(__dirname, 'electron/core/report-exports/worker.ts'),
          // Issue #10: the import's .csv parser thread, loaded by core/exchange/parser.ts.
          'import-parse-worker': resolve(__dirname, 'electron/core/exchange/parse-worker.ts'),
        },
        // better-sqlite3 is a native module: never bundled, loaded from node_modules
        // (or from the Electron-ABI build, see electron/main/native.ts).
        external: ['better-sqlite3', 'electron', 'electron-updater'],
      },
    },
  },
  preload: {
    build: {
      outDir: resolve(outDir, 'preload'),
      rollupOptions: {
        input: { index: resolve(__dirname, 'electron/preload/index.ts') },
        // A sandboxed preload cannot load ES modules: emit one CommonJS file.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'renderer'),
    // Bundled fonts (Liberation Serif for printed tallies, issue #8) are served from /fonts/.
    publicDir: resolve(__dirname, 'resources/public'),
    // In `electron-vite dev` only: Vite injects styles and React's refresh preamble inline and
    // talks to its server over a WebSocket, which the built app's CSP forbids (scripts/dev-csp.ts).
    plugins: [react(), devContentSecurityPolicy()],
    build: {
      outDir: resolve(outDir, 'renderer'),
      emptyOutDir: true,
      rollupOptions: {
        input: { index: resolve(__dirname, 'renderer/index.html') },
      },
    },
  },
});
