import { setupAccounts } from '../../bench/api';
import { writeDataset, type DatasetStats } from '../../bench/dataset';
import { createRng } from '../../bench/prng';
import type { Core } from '../../electron/core/core';

/**
 * The bench's accounts (set up through the API, ids from `accountsSeed`) and `visits` deterministic
 * visits from `seed`, written through the real write path in transactions of `batchSize`.
 */
export async function seedBenchData(
  core: Core, options: { accountsSeed: number; seed: number; visits: number; batchSize: number },
): Promise<{ accounts: Awaited<ReturnType<typeof setupAccounts>>; stats: DatasetStats }> {
  const accounts = await setupAccounts(core, createRng(options.accountsSeed).uuid);
  const stats = writeDataset(core, { seed: options.seed, visits: options.visits, staffIds: accounts.staffIds, policeId: accounts.policeId, batchSize: options.batchSize });
  return { accounts, stats };
}
