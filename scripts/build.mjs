// Builds what `npm start` runs: the server bundle (server/dist/main.js) and the widgets
// (widgets/build.mjs: the one-module bundle the server serves, the npm package, the manifest).
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const started = Date.now();
await build({
  entryPoints: { main: 'server/main.ts', cli: 'server/cli/main.ts' },
  outdir: 'server/dist',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});

if (existsSync('widgets/build.mjs')) {
  const result = spawnSync(process.execPath, ['widgets/build.mjs'], { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
{
  const result = spawnSync(process.execPath, ['console/build.mjs'], { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
console.log(`build: done in ${Date.now() - started} ms`);
