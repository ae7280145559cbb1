/**
 * @module
 * The `doorstep` command's entry (bundled to server/dist/cli.js; bin/doorstep.mjs runs it).
 */
import { runCli } from './cli.ts';

runCli(process.argv.slice(2)).then(
  (status) => process.exit(status),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
