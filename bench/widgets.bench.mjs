// `npm run bench -- widgets`: what the widgets cost a resident's phone, per element and for the
// demo page, served as this build's loader and chunks ("loader") next to the single bundle of the
// baseline ref ("bundle", widgets-baseline.mjs). Figures only: nothing here passes or fails.
//
// 1. Sizes from the build: the files each tag needs on a Latvian page (the loader, the element's
//    chunk and what it imports), their gzip -9 and brotli 11 bytes, the number of requests.
// 2. In Chromium on a throttled phone (4× CPU slowdown, DevTools' "Fast 3G", 412×915): the
//    widget files a page really fetched, and each element's first render (its first Lit update
//    done), from navigation start. On the demo page, "first load" is what the loader fetched for
//    the elements in view, before it turned to the rest when idle (its `doorstep:rest` mark).
//    `DOORSTEP_BENCH_RUNS` (default 3) loads per page; the median time is shown.
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { brotliBest, gzipBest } from '../widgets/build/compress.mjs';
import { BASELINE_REF, buildBaselineBundle } from './widgets-baseline.mjs';
import { freePort, startBuiltServer } from './support.mjs';

const DIST = 'widgets/dist';
const GOALS = { loader: 3, ownerLogin: 12, demoFirstLoad: 30 }; // KiB gzip
const RUNS = Number(process.env.DOORSTEP_BENCH_RUNS ?? 3);
const FAST_3G = { offline: false, latency: 562.5, downloadThroughput: 180_000, uploadThroughput: 84_375 };
const table = JSON.parse(readFileSync(`${DIST}/doorstep.chunks.json`, 'utf8'));
const elementTags = Object.keys(table.tags).filter((tag) => tag !== 'doorstep-config');

// The same compressors as the build's copies (widgets/build/compress.mjs), so old and new compare fairly.
const compressed = async (bytes) => ({ raw: bytes.length, gz: (await gzipBest(bytes)).length, br: brotliBest(bytes).length, gzBody: await gzipBest(bytes) });
const files = new Map();
const baseline = await buildBaselineBundle();
files.set('/old/doorstep.js', { body: baseline, ...(await compressed(baseline)) });
function served(urlPath) {
  if (!files.has(urlPath)) {
    const file = path.join(DIST, urlPath.replace(/^\/new\//, ''));
    const body = readFileSync(file);
    const size = (suffix) => (existsSync(file + suffix) ? readFileSync(file + suffix).length : undefined);
    const gzBody = existsSync(`${file}.gz`) ? readFileSync(`${file}.gz`) : gzipSync(body, { level: 9 });
    files.set(urlPath, { body, raw: body.length, gz: gzBody.length, gzBody, br: size('.br') ?? brotliBest(body).length });
  }
  return files.get(urlPath);
}

const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
const total = (paths, key) => paths.reduce((sum, p) => sum + served(p)[key], 0);
const row = (cells, widths) => cells.map((cell, i) => String(cell).padEnd(widths[i] ?? 10)).join(' ');
const verdict = (bytes, goalKiB) => (bytes <= goalKiB * 1024 ? `within the goal of ${goalKiB} KiB` : `OVER the goal of ${goalKiB} KiB`);
const codePaths = (tag) => table.tags[tag][0].map((index) => `/new/${table.files[index]}`);
const laterPaths = (tag) => (table.tags[tag][3] ?? []).map((index) => `/new/${table.files[index]}`);

console.log(`baseline: the single bundle of ${BASELINE_REF.slice(0, 10)}: ${kib(baseline.length)}, gzip ${kib(served('/old/doorstep.js').gz)}, brotli ${kib(served('/old/doorstep.js').br)}`);
console.log(`loader: dist/doorstep.js ${kib(served('/new/doorstep.js').raw)}, gzip ${kib(served('/new/doorstep.js').gz)} (${verdict(served('/new/doorstep.js').gz, GOALS.loader)})\n`);

console.log('1. Sizes on a Latvian page with one element (loader + its chunks; the bundle is the same for every element)');
const widths = [22, 9, 13, 13, 16];
console.log(row(['element', 'requests', 'gzip', 'brotli', 'bundle gzip'], widths));
for (const tag of elementTags) {
  const paths = ['/new/doorstep.js', ...codePaths(tag)];
  console.log(row([`<${tag}>`, paths.length, kib(total(paths, 'gz')), kib(total(paths, 'br')), kib(served('/old/doorstep.js').gz)], widths));
}
const ownerLogin = total(codePaths('owner-login'), 'gz');
console.log(`<owner-login> + Lit + core (its chunks, without the loader): gzip ${kib(ownerLogin)} (${verdict(ownerLogin, GOALS.ownerLogin)})`);
const later = laterPaths('owner-login');
console.log(`  then, right after its first render, the session store and API client: ${later.length} requests, gzip ${kib(total(later, 'gz'))}, brotli ${kib(total(later, 'br'))}`);
const everything = [...new Set(elementTags.flatMap(codePaths))];
console.log(`every element at once: ${everything.length + 1} requests, gzip ${kib(total(['/new/doorstep.js', ...everything], 'gz'))}\n`);

// ---- 2. Chromium -------------------------------------------------------------------------------
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(chromiumPath)) {
  console.log(`2. skipped: no Chromium at ${chromiumPath} (apt-get install chromium, or set CHROMIUM_PATH)`);
  process.exit(0);
}
const { chromium } = await import('playwright-core');
const port = await freePort();
const origin = `http://127.0.0.1:${port}`;
const apiServer = await startBuiltServer({ DEMO_EXTRA_ORIGINS: origin });

const pageFor = (variant, body, lang = 'lv') => `<!doctype html><html lang="${lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<script type="module" src="/${variant}/doorstep.js"></script></head>
<body><doorstep-config api="${apiServer.url}" tenant="demo"></doorstep-config>${body}</body></html>`;
// Without the loader: the element's chunks named in the page itself, as a manager could write
// them (modulepreload for every chunk it needs, then its entry chunk as a module script).
const directPage = (tag) => {
  const preloads = [...codePaths(tag).slice(1), ...laterPaths(tag)].map((file) => `<link rel="modulepreload" href="${file}">`).join('');
  return `<!doctype html><html lang="lv"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">${preloads}
<script type="module" src="${codePaths(tag)[0]}"></script><script type="module" src="${codePaths('doorstep-config')[0]}"></script></head>
<body><doorstep-config api="${apiServer.url}" tenant="demo"></doorstep-config><${tag}></${tag}></body></html>`;
};
const demoFor = (variant) =>
  readFileSync('demo/index.html', 'utf8')
    .replace('src="/widgets/doorstep.js"', `src="/${variant}/doorstep.js"`)
    .replace("config.setAttribute('api', location.origin);", `config.setAttribute('api', ${JSON.stringify(apiServer.url)});`);

const staticServer = createServer((request, response) => {
  const url = new URL(request.url, origin);
  const html = (text) => response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(text);
  let match;
  if ((match = /^\/page\/(new|old)\/([a-z-]+)\.html$/.exec(url.pathname))) return html(pageFor(match[1], `<${match[2]}></${match[2]}>`));
  if ((match = /^\/page\/direct\/([a-z-]+)\.html$/.exec(url.pathname))) return html(directPage(match[1]));
  if ((match = /^\/demo\/(new|old)\/$/.exec(url.pathname))) return html(demoFor(match[1]));
  if (url.pathname === '/site.css') return response.writeHead(200, { 'content-type': 'text/css' }).end(readFileSync('demo/site.css'));
  try {
    const file = served(url.pathname);
    const gzip = /\bgzip\b/.test(request.headers['accept-encoding'] ?? '');
    response.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', ...(gzip ? { 'content-encoding': 'gzip' } : {}) });
    response.end(gzip ? file.gzBody : file.body);
  } catch {
    response.writeHead(404).end();
  }
});
await new Promise((resolve) => staticServer.listen(port, '127.0.0.1', resolve));

// Records, per tag, when its first element on the page finished its first render.
const RENDER_HOOK = `(() => {
  window.__renders = {};
  const define = CustomElementRegistry.prototype.define;
  CustomElementRegistry.prototype.define = function (name, constructor, options) {
    define.call(this, name, constructor, options);
    const first = document.querySelector(name);
    if (first && first.updateComplete) first.updateComplete.then(() => { window.__renders[name] ??= performance.now(); });
  };
})();`;

const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox', '--disable-gpu'] });

async function loadOnce(url, tags) {
  const context = await browser.newContext({ viewport: { width: 412, height: 915 }, deviceScaleFactor: 2.625, isMobile: true, hasTouch: true });
  try {
    const page = await context.newPage();
    await page.addInitScript(RENDER_HOOK);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', FAST_3G);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    await page.goto(url, { waitUntil: 'load', timeout: 180_000 });
    await page.waitForFunction((wanted) => wanted.every((tag) => tag in window.__renders), tags, { timeout: 180_000, polling: 100 });
    await page.waitForLoadState('networkidle');
    return await page.evaluate(() => {
      const fetched = performance
        .getEntriesByType('resource')
        .map((entry) => ({ path: new URL(entry.name).pathname, start: entry.startTime }))
        .filter((entry) => /^\/(new|old)\//.test(entry.path));
      const rest = performance.getEntriesByName('doorstep:rest')[0]?.startTime ?? Infinity;
      return { renders: window.__renders, rest, fetched };
    });
  } finally {
    await context.close();
  }
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
async function measure(url, tags) {
  const runs = [];
  for (let i = 0; i < RUNS; i++) runs.push(await loadOnce(url, tags));
  const render = Object.fromEntries(tags.map((tag) => [tag, median(runs.map((run) => run.renders[tag]))]));
  return { ...runs[0], render };
}

const ms = (value) => `${Math.round(value)} ms`;
console.log(`2. In Chromium, throttled phone (4× CPU, Fast 3G), ${RUNS} load(s) each, median first render`);
console.log('   loader: the one <script> of today; direct: no loader, the page names the chunks (modulepreload + <script>); bundle: the single bundle of before');
console.log('   requests/gzip: everything the page fetched from the widget files by then (after networkidle)');
const timeWidths = [22, 10, 11, 10, 10, 13, 11];
console.log(row(['element', 'requests', 'gzip', 'loader', 'direct', 'bundle gzip', 'bundle'], timeWidths));
const benchTags = process.env.DOORSTEP_BENCH_TAGS ? process.env.DOORSTEP_BENCH_TAGS.split(',') : elementTags;
for (const tag of benchTags) {
  const fresh = await measure(`${origin}/page/new/${tag}.html`, [tag]);
  const direct = await measure(`${origin}/page/direct/${tag}.html`, [tag]);
  const old = await measure(`${origin}/page/old/${tag}.html`, [tag]);
  const paths = fresh.fetched.map((entry) => entry.path);
  const slower = fresh.render[tag] > old.render[tag] ? '  (loader slower than bundle)' : '';
  console.log(row([`<${tag}>`, paths.length, kib(total(paths, 'gz')), ms(fresh.render[tag]), ms(direct.render[tag]), kib(total(old.fetched.map((e) => e.path), 'gz')), ms(old.render[tag]) + slower], timeWidths));
}

const demoTags = [...new Set([...readFileSync('demo/index.html', 'utf8').matchAll(/<([a-z]+(?:-[a-z]+)+)[\s>]/g)].map((m) => m[1]))].filter((tag) => elementTags.includes(tag));
for (const variant of ['new', 'old']) {
  const result = await measure(`${origin}/demo/${variant}/`, demoTags);
  const first = result.fetched.filter((entry) => entry.start < result.rest).map((entry) => entry.path);
  const inView = demoTags.filter((tag) => first.some((file) => file.includes(`/chunks/${tag}-`)) || variant === 'old');
  const firstPaint = Math.max(...inView.map((tag) => result.render[tag]));
  const all = result.fetched.map((entry) => entry.path);
  const label = variant === 'new' ? 'loader' : `bundle (${BASELINE_REF.slice(0, 10)})`;
  console.log(`\ndemo page, ${label}: loaded first: ${inView.map((tag) => `<${tag}>`).join(' ')}`);
  console.log(`  first load (until those rendered, ${ms(firstPaint)}): ${first.length} requests, gzip ${kib(total(first, 'gz'))}, brotli ${kib(total(first, 'br'))}${variant === 'new' ? ` (${verdict(total(first, 'gz'), GOALS.demoFirstLoad)})` : ''}`);
  console.log(`  everything, after idle: ${all.length} requests, gzip ${kib(total(all, 'gz'))}, brotli ${kib(total(all, 'br'))}`);
  console.log(`  first render: ${demoTags.map((tag) => `<${tag}> ${ms(result.render[tag])}`).join(', ')}`);
}

await browser.close();
staticServer.close();
await apiServer.stop();
