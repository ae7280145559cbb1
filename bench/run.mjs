// `npm run bench`: runs every bench/*.bench.mjs in turn (after the build) and prints their figures.
// Figures only: nothing here passes or fails.
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const only = process.argv.slice(2);
const files = readdirSync('bench')
  .filter((f) => f.endsWith('.bench.mjs'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();
for (const file of files) {
  console.log(`\n== ${file}`);
  spawnSync(process.execPath, [`bench/${file}`], { stdio: 'inherit' });
}
