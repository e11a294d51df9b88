import { runLanLoad, type LanLoadArgs } from './lan-load';

// `npm run -s loadtest -- --desks 10 --visits 200 [--pace-ms 200] [--races 20] [--timeout-s 120] [--json]`
// (issue #22): loopback only, bounded in count and time, stops by itself. Prints one JSON object
// with --json; exit status 1 when a visit was lost or duplicated or a ticket called twice.

function parse(argv: string[]): LanLoadArgs & { json: boolean } {
  const args = { desks: 10, visits: 200, paceMs: 200, races: 20, timeoutMs: 120_000, baselineSaves: 200, json: false };
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i];
    const value = () => {
      const n = Number(argv[(i += 1)]);
      if (!Number.isInteger(n) || n <= 0) throw new Error(`${flag} needs a positive whole number`);
      return n;
    };
    if (flag === '--desks') args.desks = Math.min(20, value());
    else if (flag === '--visits') args.visits = Math.min(100_000, value());
    else if (flag === '--pace-ms') args.paceMs = value();
    else if (flag === '--races') args.races = Math.min(1000, value());
    else if (flag === '--timeout-s') args.timeoutMs = Math.min(600, value()) * 1000;
    else if (flag === '--json') args.json = true;
    else throw new Error(`unknown flag ${flag}`);
  }
  return args;
}

const args = parse(process.argv.slice(2));
const result = await runLanLoad(args);
process.stdout.write(args.json ? `${JSON.stringify(result)}\n` : `${JSON.stringify(result, null, 2)}\n`);
process.exitCode = result.lost === 0 && result.duplicated === 0 && result.doubleCalls === 0 && result.acknowledged === result.saved ? 0 : 1;
