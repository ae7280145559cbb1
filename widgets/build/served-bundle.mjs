/**
 * Builds what the server serves under `/widgets/`: the loader `dist/doorstep.js` (widgets/loader.ts)
 * and the chunks it imports, `dist/chunks/**`.
 *
 * Every element's define module is an entry. Everything two or more elements import (Lit, the
 * core) goes into one shared chunk, and each dictionary reached by a dynamic `import()` into its
 * own. Every chunk's name carries a hash of its content, so the server can let browsers keep it
 * for good.
 * The loader learns from the build's metafile which files each tag needs (its chunk, then that
 * chunk's static imports, all the way down; and apart, its English and its Russian texts), so it
 * can fetch them in parallel instead of discovering them one level at a time.
 *
 * Each served file gets a brotli (`.br`) and a gzip (`.gz`) copy beside it, compressed once here
 * at the highest levels (compress.mjs), which the server sends as the browser's `Accept-Encoding` allows.
 */
import { build, transformSync } from 'esbuild';
import { minifyTemplates } from './minify-templates.mjs';
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { brotliBest, gzipBest } from './compress.mjs';

const TARGET = ['es2022', 'chrome111', 'firefox113', 'safari16.4'];
const COMMON = {
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: TARGET,
  minify: true,
  sourcemap: 'linked',
  legalComments: 'eof',
  charset: 'utf8',
  logLevel: 'warning',
};

/** Tag → define module (relative to widgets/): each element folder's `define.ts`, and the config element's. */
export async function defineModules(widgets) {
  const modules = { 'doorstep-config': 'core/define-config.ts' };
  for (const entry of await readdir(widgets, { withFileTypes: true })) {
    if (!entry.isDirectory() || ['core', 'dist', 'node_modules', 'build'].includes(entry.name)) continue;
    if (existsSync(path.join(widgets, entry.name, 'define.ts'))) modules[entry.name] = `${entry.name}/define.ts`;
  }
  return modules;
}

/**
 * The loader's table: chunk files (relative to the loader) and, per tag, indexes into them:
 * [code (the element's own chunk first), English texts, Russian texts, later]. "Later" is what
 * the element imports dynamically right after its first render and needs soon: the session store
 * (the API client, the refresh), which `<owner-login>` does not wait for before showing its form.
 */
/** Lazily imported modules that an element needs right after its first render (see chunkTable). */
const LATER = /(^|\/)core\/session-store\.ts$/;

export function chunkTable(metafile, modules, distFromCwd) {
  const outputs = metafile.outputs;
  const files = [];
  const indexOf = (key) => {
    const file = path.relative(distFromCwd, key).split(path.sep).join('/');
    const at = files.indexOf(file);
    return at >= 0 ? at : files.push(file) - 1;
  };
  const staticClosure = (key, seen = new Set()) => {
    if (seen.has(key)) return seen;
    seen.add(key);
    for (const imported of outputs[key].imports) if (imported.kind === 'import-statement') staticClosure(imported.path, seen);
    return seen;
  };
  const byEntry = new Map(
    Object.entries(outputs)
      .filter(([, output]) => output.entryPoint)
      .map(([key, output]) => [output.entryPoint, key]),
  );
  const tags = {};
  for (const [tag, module] of Object.entries(modules)) {
    const code = staticClosure(byEntry.get(module));
    const texts = { en: new Set(), ru: new Set() };
    for (const key of code) {
      for (const imported of outputs[key].imports) {
        if (imported.kind !== 'dynamic-import') continue;
        const language = /\/i18n\/(en|ru)\.ts$/.exec(outputs[imported.path]?.entryPoint ?? '')?.[1];
        if (!language) continue;
        for (const file of staticClosure(imported.path)) if (!code.has(file)) texts[language].add(file);
      }
    }
    const later = new Set();
    for (const key of code) {
      for (const imported of outputs[key].imports) {
        if (imported.kind !== 'dynamic-import' || !LATER.test(outputs[imported.path]?.entryPoint ?? '')) continue;
        for (const file of staticClosure(imported.path)) if (!code.has(file)) later.add(file);
      }
    }
    tags[tag] = [[...code].map(indexOf), [...texts.en].map(indexOf), [...texts.ru].map(indexOf), [...later].map(indexOf)];
  }
  return { files, tags };
}

/**
 * Modules that every element imports (Lit, the session, the API client, the base element), found
 * by following each element's define module's static imports in a first, unwritten build.
 * (`<doorstep-config>` is not counted: it imports the config module only.) What only some
 * elements share — the premise loader of the data widgets, the password rules of the account
 * forms, a download helper — is left to esbuild's splitting, so `<owner-login>` never pays for
 * `<invoice-list>`'s code; only modules too small to be worth a request of their own (an event
 * class) join the common part.
 */
/** Source bytes under which a module that some elements share is put in the common chunk anyway. */
const SMALL_SHARED_MODULE = 700;

async function sharedModules(widgets, modules) {
  const { metafile } = await build({ ...COMMON, absWorkingDir: widgets, entryPoints: Object.values(modules), outdir: 'unused', write: false, metafile: true, minify: false, sourcemap: false });
  const elements = Object.entries(modules).filter(([tag]) => tag !== 'doorstep-config').map(([, entry]) => entry);
  const users = new Map();
  // Also counted: what an element's own parts that it imports later (owner-login's logged-in view,
  // in its folder) import, so a small module one of them shares with another element (the logout
  // event) joins the common part instead of becoming a chunk of its own.
  const laterUsers = new Map();
  for (const entry of elements) {
    const seen = new Set();
    const later = new Set();
    const folder = `${path.dirname(entry)}/`;
    const walk = (file, into) => {
      if (seen.has(file) || later.has(file)) return;
      into.add(file);
      for (const imported of metafile.inputs[file].imports) {
        if (imported.external) continue;
        if (imported.kind === 'import-statement') walk(imported.path, into);
        else if (imported.kind === 'dynamic-import' && imported.path.startsWith(folder) && !/\/i18n\//.test(imported.path)) walk(imported.path, later);
      }
    };
    walk(entry, seen);
    for (const file of seen) users.set(file, (users.get(file) ?? 0) + 1);
    for (const file of new Set([...seen, ...later])) laterUsers.set(file, (laterUsers.get(file) ?? 0) + 1);
  }
  // A request costs more than a few hundred bytes (headers, and a connection slot on HTTP/1.1):
  // a small module two elements share goes to the common part too.
  const small = (file) => metafile.inputs[file].bytes < SMALL_SHARED_MODULE;
  const common = (file) => users.get(file) === elements.length || (laterUsers.get(file) >= 2 && small(file));
  const shared = [...laterUsers.keys()].filter((file) => common(file) && !Object.values(modules).includes(file)).map((file) => path.resolve(widgets, file));
  // Modules an element imports lazily (its rare parts, e.g. owner-login's forced password change),
  // but not the dictionaries, which import nothing.
  const lazy = new Set();
  for (const input of Object.values(metafile.inputs)) {
    for (const imported of input.imports) {
      if (imported.kind === 'dynamic-import' && !imported.external && !/\/i18n\//.test(imported.path)) lazy.add(path.resolve(widgets, imported.path));
    }
  }
  return { shared, lazy: [...lazy] };
}

/**
 * Each element's entry: its define module, plus every module all elements share as a namespace,
 * so that esbuild puts the whole common part in one chunk rather than splitting it by the exact
 * set of elements on each side of some small difference. What only some elements share becomes
 * chunks of its own; they cost a request each, but not a round trip: the loader announces an
 * element's whole closure with `modulepreload` at once, so they travel in parallel.
 */
function entriesWithSharedCode(widgets, modules, { shared, lazy }) {
  // Plain imports, not namespaces kept alive: a namespace object keeps every export of a module
  // (tree shaking can drop none) and costs an `__export` helper chunk of its own.
  const prelude = shared.map((file) => `import ${JSON.stringify(file)};`).join('\n');
  return {
    name: 'doorstep-entries',
    setup(build) {
      build.onResolve({ filter: /^doorstep-entry:/ }, (args) => ({ path: args.path.slice('doorstep-entry:'.length), namespace: 'doorstep-entry' }));
      build.onLoad({ filter: /.*/, namespace: 'doorstep-entry' }, (args) => ({
        contents: `${prelude}\nimport ${JSON.stringify(path.join(widgets, modules[args.path]))};\n`,
        resolveDir: widgets,
        loader: 'js',
      }));
      // A lazily imported module is an entry of its own to esbuild: were it to reach Lit but not
      // the rest of the common part, Lit would become a chunk apart (one more request, and gzip
      // compressing the two halves separately). With the same imports as every element, it
      // reaches the whole common part, which is always loaded before it anyway.
      const lazyFiles = new Set(lazy);
      build.onLoad({ filter: /\.ts$/ }, async (args) => {
        if (args.path.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
        const source = await readFile(args.path, 'utf8');
        const contents = `${lazyFiles.has(args.path) ? `${prelude}\n` : ''}${smallerTemplates(source, args.path)}`;
        return { contents, loader: 'ts', resolveDir: path.dirname(args.path) };
      });
    },
  };
}

/** The source with its `css` and `html` templates' static text shrunk; as it was if that does not parse. */
function smallerTemplates(source, file) {
  const smaller = minifyTemplates(source, file.split(path.sep).join('/'));
  if (smaller === source) return source;
  try {
    transformSync(smaller, { loader: 'ts', logLevel: 'silent' });
    return smaller;
  } catch {
    return source;
  }
}

export async function buildServedBundle(widgets, dist) {
  const modules = await defineModules(widgets);
  const shared = await sharedModules(widgets, modules);
  const split = await build({
    ...COMMON,
    absWorkingDir: widgets,
    entryPoints: Object.keys(modules).map((tag) => ({ in: `doorstep-entry:${tag}`, out: `chunks/${tag}` })),
    outdir: dist,
    splitting: true,
    entryNames: '[dir]/[name]-[hash]',
    chunkNames: 'chunks/[name]-[hash]',
    metafile: true,
    // The lazily imported modules' prelude (entriesWithSharedCode) is bare imports on purpose.
    logOverride: { 'ignored-bare-import': 'silent' },
    plugins: [entriesWithSharedCode(widgets, modules, shared)],
  });
  await Promise.all(Object.keys(split.metafile.outputs).filter((file) => file.endsWith('.js')).map((file) => compactLicenses(path.resolve(widgets, file))));
  const entries = Object.fromEntries(Object.keys(modules).map((tag) => [tag, `doorstep-entry:${tag}`]));
  const table = chunkTable(split.metafile, entries, path.relative(widgets, dist));
  // What each chunk is made of, for finding what to move out (esbuild's analyzer reads it too).
  if (process.env.DOORSTEP_WIDGETS_METAFILE) await writeFile(process.env.DOORSTEP_WIDGETS_METAFILE, JSON.stringify(split.metafile));
  // The same table for tools (bench/widgets.bench.mjs) that measure what each tag costs.
  await writeFile(path.join(dist, 'doorstep.chunks.json'), `${JSON.stringify(table, null, 2)}\n`);
  await build({
    ...COMMON,
    entryPoints: [path.join(widgets, 'loader.ts')],
    outfile: path.join(dist, 'doorstep.js'),
    define: { __DOORSTEP_CHUNKS__: JSON.stringify(table) },
  });
  // Every chunk, also those no tag lists (the parts an element imports on demand: owner-login's
  // after-login.ts, its password change, the strong login), so those too are sent compressed.
  const chunks = Object.keys(split.metafile.outputs).filter((file) => file.endsWith('.js')).map((file) => path.relative(dist, path.resolve(widgets, file)));
  const served = ['doorstep.js', ...new Set([...table.files, ...chunks])];
  await Promise.all(served.map((file) => writeCompressedCopies(path.join(dist, file))));
  const loader = await readFile(path.join(dist, 'doorstep.js'));
  const gzip = (await gzipBest(loader)).length;
  return `loader dist/doorstep.js (${(gzip / 1024).toFixed(1)} KiB gz) + ${table.files.length} chunks for ${Object.keys(modules).length} tags`;
}

/**
 * esbuild keeps each bundled file's license comment at the end of its chunk, one per file (Lit's
 * four say the same: "Copyright 20xx Google LLC, BSD-3-Clause", ~450 bytes in every element's
 * first load). This says it once per holder and license, with the packages and the years. A block
 * not in the expected shape is left as it is.
 */
async function compactLicenses(file) {
  const code = await readFile(file, 'utf8');
  const block = /\/\*! Bundled license information:\n([\s\S]*?)\n\*\/\n/.exec(code);
  if (!block) return;
  /** `holder, SPDX-License-Identifier: id` → the packages and years it covers. */
  const notices = new Map();
  let packages = [];
  let year;
  let holder;
  for (const line of block[1].split('\n')) {
    const source = /^(\S.*\.[cm]?js):$/.exec(line)?.[1];
    const copyright = /^\s*\* Copyright (\d{4}) (.+)$/.exec(line);
    const spdx = /^\s*\* SPDX-License-Identifier: (\S+)$/.exec(line)?.[1];
    if (source) {
      const [scope, name] = source.split('/');
      packages.push(scope.startsWith('@') ? `${scope}/${name}` : scope);
    } else if (copyright) {
      [, year, holder] = copyright;
    } else if (spdx) {
      if (!year || packages.length === 0) return;
      const key = `${holder}, SPDX-License-Identifier: ${spdx}`;
      const notice = notices.get(key) ?? { packages: new Set(), years: new Set() };
      for (const name of packages) notice.packages.add(name);
      notice.years.add(year);
      notices.set(key, notice);
      [packages, year, holder] = [[], undefined, undefined];
    }
  }
  if (notices.size === 0 || packages.length > 0) return;
  const lines = [...notices].map(([key, notice]) => {
    const years = [...notice.years].sort();
    const span = years.length > 1 ? `${years[0]}-${years.at(-1)}` : years[0];
    return `${[...notice.packages].sort().join(', ')}: Copyright ${span} ${key}`;
  });
  await writeFile(file, code.replace(block[0], `/*! ${lines.join('\n')} */\n`));
}

async function writeCompressedCopies(file) {
  const body = await readFile(file);
  await Promise.all([writeFile(`${file}.br`, brotliBest(body)), writeFile(`${file}.gz`, await gzipBest(body))]);
}
