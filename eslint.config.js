import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import { builtinModules } from 'node:module';

// STYLE.md: the layers and who may import whom, enforced so that a wrong import fails CI.
const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const nodeOnlyPackages = ['better-sqlite3', 'kysely', 'exceljs', 'iconv-lite', 'electron-updater'];

export default tseslint.config(
  { ignores: ['out/**', 'out-*/**', 'dist/**', 'node_modules/**', '.native/**', 'test-results/**', 'playwright-report/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-empty-pattern': 'off',
    },
  },
  {
    // shared/: pure TypeScript. No node:, no DOM APIs from packages, no electron, no app layers.
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [...nodeBuiltins, 'electron', 'react', 'react-dom', ...nodeOnlyPackages].map((name) => ({ name, message: 'shared/ is pure TypeScript used by main and renderer.' })),
        patterns: [{ group: ['**/electron/**', '**/renderer/**', '**/tests/**'], message: 'shared/ may not import app layers.' }],
      }],
    },
  },
  {
    // electron/core: Node only; never Electron, never the shell or the page.
    files: ['electron/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'The core layer runs in plain Node: never import electron.' }, 'react', 'react-dom'],
        patterns: [{ group: ['**/main/**', '**/preload/**', '**/renderer/**', '**/tests/**'], message: 'The core layer may import shared/ and itself only.' }],
      }],
    },
  },
  {
    // electron/preload: the typed bridge only.
    files: ['electron/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: nodeBuiltins.concat(nodeOnlyPackages),
        patterns: [{ group: ['**/core/**', '**/main/**', '**/renderer/**'], message: 'The preload exposes the API and nothing else.' }],
      }],
    },
  },
  {
    // renderer: imports shared/ only, talks to the app only through window.bhts.
    files: ['renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [...nodeBuiltins, 'electron', ...nodeOnlyPackages].map((name) => ({ name, message: 'The renderer imports shared/ only.' })),
        patterns: [{ group: ['**/electron/**', '**/tests/**'], message: 'The renderer imports shared/ only; it talks to the app through the API.' }],
      }],
    },
  },
  {
    files: ['**/*.test.ts', 'tests/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
