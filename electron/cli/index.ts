import { main } from './cli';

// Entry point of `npm run -s cli -- …` (see cli.ts and README "Dòng lệnh / Command line").
process.exitCode = await main(process.argv.slice(2));
