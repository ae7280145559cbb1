#!/usr/bin/env node
// `npx doorstep …`: runs the bundled CLI (server/dist/cli.js, made by `npm run build` and `npm start`).
import { existsSync } from 'node:fs';

const bundle = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(bundle)) {
  console.error('The doorstep CLI is not built yet: run `npm run build` (or `npm start`) in the Doorstep folder first.');
  process.exit(2);
}
await import(bundle.href);
