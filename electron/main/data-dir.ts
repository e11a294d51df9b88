import path from 'node:path';

/**
 * Where the data lives: `--data-dir=PATH` / `--data-dir PATH`, else $BHTS_DATA_DIR, else the app's
 * user data folder (issue #2: settable for tests and portable installs).
 */
export function resolveDataDir(argv: readonly string[], env: NodeJS.ProcessEnv, defaultDir: string): string {
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    if (arg.startsWith('--data-dir=')) return path.resolve(arg.slice('--data-dir='.length));
    if (arg === '--data-dir' && argv[i + 1]) return path.resolve(argv[i + 1] as string);
  }
  if (env.BHTS_DATA_DIR) return path.resolve(env.BHTS_DATA_DIR);
  return defaultDir;
}
