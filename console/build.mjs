#!/usr/bin/env node
/**
 * Builds the manager's console: `console/dist/console.js` (one ES module: Lit, the widgets' core
 * and the console's elements) and `console/dist/console.css`, which Doorstep serves under
 * /console/_/ (server/http/console-files.ts). `node console/build.mjs`, or `npm run build`.
 */
import { build } from 'esbuild';
import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.join(here, 'dist');
await mkdir(dist, { recursive: true });
await build({
  entryPoints: [path.join(here, 'main.ts')],
  outfile: path.join(dist, 'console.js'),
  bundle: true,
  format: 'esm',
  target: 'es2022',
  minify: true,
  sourcemap: true,
  legalComments: 'none',
  logLevel: 'warning',
});
await copyFile(path.join(here, 'console.css'), path.join(dist, 'console.css'));
console.log('console: dist/console.js + dist/console.css');
