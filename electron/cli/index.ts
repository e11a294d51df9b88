import { main } from './cli';
import { serveHost } from './serve-host';

// Entry point of `npm run -s cli -- …` (see cli.ts and README "Dòng lệnh / Command line"; `serve`: serve-host.ts).
const argv = process.argv.slice(2);
process.exitCode = argv[0] === 'serve' ? await serveHost(argv.slice(1)) : await main(argv);
