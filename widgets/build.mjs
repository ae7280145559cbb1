#!/usr/bin/env node
/**
 * Builds @doorstep/widgets, from the repo root or anywhere: `node widgets/build.mjs`.
 *
 * 1. `dist/doorstep.js` + `dist/chunks/**`: a small loader and the hashed chunks it imports as
 *    the page's tags appear (build/served-bundle.mjs); the server serves them under `/widgets/`,
 *    so a manager still needs one <script type="module">.
 * 2. `dist/**.js` + `.d.ts`: the npm package (classes without side effects, define modules apart).
 * 3. `custom-elements.json`: the public surface (tags, attributes, events, parts, CSS properties)
 *    read from the JSDoc tags where each element is declared.
 *
 * The three run in parallel; `--no-types` skips the slowest, tsc, for a quick bundle.
 */
import { spawn } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildServedBundle } from './build/served-bundle.mjs';

const widgets = path.dirname(fileURLToPath(import.meta.url));
const dist = path.join(widgets, 'dist');
const require = createRequire(import.meta.url);
const started = Date.now();

function compileTypes() {
  const tsc = require.resolve('typescript/bin/tsc');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [tsc, '-p', path.join(widgets, 'tsconfig.build.json')], {
      stdio: 'inherit',
    });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve('tsc dist/**/*.js + .d.ts') : reject(new Error(`tsc exited with ${code}`))));
  });
}

/** Every element module: a folder per element (`owner-login/owner-login.ts`) plus the config element. */
async function elementModules() {
  const { readdir } = await import('node:fs/promises');
  const files = ['core/config-element.ts', 'core/base-element.ts'];
  for (const entry of await readdir(widgets, { withFileTypes: true })) {
    if (!entry.isDirectory() || ['core', 'dist', 'node_modules'].includes(entry.name)) continue;
    for (const file of await readdir(path.join(widgets, entry.name))) {
      if (file === `${entry.name}.ts` || file === 'define.ts') files.push(`${entry.name}/${file}`);
    }
  }
  files.push('define.ts');
  return files;
}

async function manifest() {
  const { create, ts } = await import('@custom-elements-manifest/analyzer');
  const { litPlugin } = await import('@custom-elements-manifest/analyzer/src/features/framework-plugins/lit/lit.js');
  const files = await elementModules();
  const modules = await Promise.all(
    files.map(async (file) =>
      ts.createSourceFile(file, await readFile(path.join(widgets, file), 'utf8'), ts.ScriptTarget.ES2022, true),
    ),
  );
  const result = create({ modules, plugins: [...litPlugin(), documentedEventsOnly(), publishedPaths()] });
  await writeFile(path.join(widgets, 'custom-elements.json'), `${JSON.stringify(result, null, 2)}\n`);
  const tags = result.modules.flatMap((module) => module.declarations ?? []).filter((d) => d.tagName);
  return `custom-elements.json (${tags.map((d) => `<${d.tagName}>`).join(', ')})`;
}

/**
 * List exactly the events each class documents with `@event` (or `@fires`) in its JSDoc. The
 * analyzer also adds one for every `this.dispatchEvent(new X(arg))` it meets in a method, named
 * after the constructor's first argument: right for `new CustomEvent('name')`, wrong for our event
 * classes, whose first argument is data, so it invented events called `premiseId` or none at all.
 * The class's JSDoc is where the public surface is declared, so it alone decides.
 */
function documentedEventsOnly() {
  const eventTag = /@(?:event|fires)\s+(?:\{[^}]*\}\s*)?([\w:-]+)/g;
  return {
    name: 'doorstep-documented-events-only',
    analyzePhase({ ts, node, moduleDoc }) {
      if (!ts.isClassDeclaration(node) || !node.name) return;
      const declaration = moduleDoc.declarations?.find((item) => item.name === node.name.getText());
      if (!declaration?.events) return;
      const jsDoc = (node.jsDoc ?? []).map((doc) => doc.getFullText()).join('\n');
      const documented = new Set([...jsDoc.matchAll(eventTag)].map((match) => match[1]));
      declaration.events = declaration.events.filter((event) => documented.has(event.name));
    },
  };
}

/**
 * Point the manifest at the published JavaScript, not at the TypeScript sources, and keep it to
 * the public surface (no `#private` members).
 */
function publishedPaths() {
  const toDist = (file) =>
    file?.endsWith('.ts') ? `dist/${file.replace(/^\/+/, '').replace(/\.ts$/, '.js')}` : file;
  return {
    name: 'doorstep-published-paths',
    packageLinkPhase({ customElementsManifest }) {
      for (const module of customElementsManifest.modules) {
        module.path = toDist(module.path);
        for (const item of [...(module.declarations ?? []), ...(module.exports ?? [])]) {
          for (const ref of [item.declaration, item.superclass]) if (ref?.module) ref.module = toDist(ref.module);
          if (item.members) item.members = item.members.filter((member) => member.privacy !== 'private' && !member.name.startsWith('#'));
          for (const entry of [...(item.members ?? []), ...(item.attributes ?? [])]) {
            if (entry.inheritedFrom?.module) entry.inheritedFrom.module = toDist(entry.inheritedFrom.module);
          }
        }
      }
    },
  };
}

await rm(dist, { recursive: true, force: true });
await mkdir(dist, { recursive: true });
const skipTypes = process.argv.includes('--no-types');
const results = await Promise.allSettled([buildServedBundle(widgets, dist), skipTypes ? Promise.resolve('tsc skipped') : compileTypes(), manifest()]);
let failed = false;
for (const result of results) {
  if (result.status === 'fulfilled') console.log(`widgets: ${result.value}`);
  else {
    failed = true;
    console.error(`widgets: ${result.reason?.stack ?? result.reason}`);
  }
}
console.log(`widgets: ${failed ? 'FAILED' : 'built'} in ${Date.now() - started} ms`);
process.exit(failed ? 1 : 0);
