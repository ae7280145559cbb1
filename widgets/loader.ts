/**
 * @module
 * The served `/widgets/doorstep.js`: the one `<script type="module">` a manager adds. It holds no
 * element. It watches the page for Doorstep tags and imports each element's chunk the first time
 * its tag appears, so a header with a lone `<owner-login>` fetches that element, Lit and the
 * shared core, and nothing else (the same idea as Shoelace's autoloader).
 *
 * Order of loading, for old phones on mobile data:
 * 1. Elements in or near the viewport, all at once, as soon as the loader runs (measured by layout,
 *    not left to the observer's first report a frame later): each chunk's own imports are announced with
 *    `<link rel="modulepreload">` before it is imported, so they travel in parallel instead of one
 *    after the other; on an English or Russian page the dictionaries of that language go along.
 * 2. Then, when the browser is idle, the page's other elements (below the fold, in hidden panels),
 *    so they are ready before anyone scrolls or opens them, without slowing the first render.
 * 3. A tag added to the page later (a script, a route change) is loaded at once.
 *
 * `widgets/build/served-bundle.mjs` builds the chunks and fills in which files each tag needs.
 * Chunks live beside this file; their names carry a hash of their content, so they are cached
 * for good while this file stays small and is revalidated on every use (a cached loader would
 * name chunks that a deploy has deleted; server/http/widget-files.ts).
 */

/**
 * Chunk files, relative to this module, and per tag: [code (entry first), English, Russian, later]
 * as indexes into `files`. "Later" is what the element imports right after its first render (the
 * session store, which `<owner-login>` does not wait for to show its form).
 */
declare const __DOORSTEP_CHUNKS__: { files: string[]; tags: Record<string, [number[], number[], number[], number[]]> };

const { files, tags } = __DOORSTEP_CHUNKS__;
const selector = Object.keys(tags).join(',');
/** Each tag's import, once started: the first report waits for the same promise, whoever started it. */
const loading = new Map<string, Promise<unknown>>();
const preloaded = new Set<number>();
/** Tags seen on the page but not in view: loaded when the browser is idle after the first paint. */
const pending = new Set<string>();
let firstReport = true;
let firstPaintDone = false;

const url = (index: number) => new URL(files[index]!, import.meta.url).href;
/** Chunks every element imports (Lit, the core): fetched as soon as any tag is seen, in view or not. */
const everywhere = Object.values(tags)
  .map(([code]) => code.slice(1))
  .reduce((common, next) => common.filter((index) => next.includes(index)));

function pageLanguage(): string {
  return (document.documentElement.lang || 'lv').slice(0, 2).toLowerCase();
}

function preload(indexes: number[]): void {
  for (const index of indexes) {
    if (preloaded.has(index)) continue;
    preloaded.add(index);
    const link = document.createElement('link');
    link.rel = 'modulepreload';
    link.href = url(index);
    document.head.append(link);
  }
}

/** Imports the chunk that defines `tag` (once), with its imports and the page language's texts. */
function load(tag: string): Promise<unknown> {
  if (customElements.get(tag)) return Promise.resolve();
  const started = loading.get(tag);
  if (started) return started;
  pending.delete(tag);
  const [code, en, ru, later] = tags[tag]!;
  const language = pageLanguage();
  preload([...code.slice(1), ...(language === 'en' ? en : language === 'ru' ? ru : [])]);
  // What the element imports right after it first renders: announced once its own code is here,
  // so it does not compete with the first render for a slow line, yet arrives in one round trip.
  const imported = import(url(code[0]!)).then(() => preload(later), (error: unknown) => {
    // Offline or a deploy in between: let the next sighting of the tag try again.
    loading.delete(tag);
    console.error(`Doorstep: <${tag}> could not be loaded`, error);
  });
  loading.set(tag, imported);
  return imported;
}

/**
 * In or near the viewport right now (the observer's 25% margin), by layout: the observer's first
 * report comes only after the next frame, which a slow phone renders late, and an element on
 * screen at load should not wait for it to start fetching. Not rendered (display: none) is not
 * in view.
 */
function inViewNow(element: Element): boolean {
  if (element.getClientRects().length === 0) return false;
  const box = element.getBoundingClientRect();
  const [width, height] = [window.innerWidth, window.innerHeight];
  return box.bottom >= -height / 4 && box.top <= height * 1.25 && box.right >= -width / 4 && box.left <= width * 1.25;
}

function loadTheRest(): void {
  firstPaintDone = true;
  // Visible in the browser's performance panel; bench/widgets.bench.mjs reads it too.
  performance.mark('doorstep:rest');
  visibility.disconnect();
  for (const tag of [...pending]) void load(tag);
}

const visibility = new IntersectionObserver(
  (entries) => {
    const inView = [];
    for (const entry of entries) {
      visibility.unobserve(entry.target);
      if (entry.isIntersecting) inView.push(load(entry.target.localName));
    }
    // The first report covers every element on the page at start. Once those in view are
    // loaded, the rest follows when the browser has nothing better to do.
    if (!firstReport) return;
    firstReport = false;
    const idle = window.requestIdleCallback ?? ((callback: () => void) => setTimeout(callback, 1));
    void Promise.all(inView).then(() => idle(loadTheRest));
  },
  { rootMargin: '25%' },
);

/** Finds Doorstep tags in `root` (the page, or a shadow root the host page renders into). */
export function discover(root: ParentNode): void {
  const found = [...root.querySelectorAll(selector)];
  if (root instanceof Element && root.matches(selector)) found.push(root);
  if (found.length > 0) preload(everywhere);
  for (const element of found) {
    const tag = element.localName;
    if (loading.has(tag) || customElements.get(tag)) continue;
    // `<doorstep-config>` renders nothing, so it is never "in view"; the widgets need it at once.
    if (firstPaintDone || tag === 'doorstep-config') {
      void load(tag);
    } else {
      pending.add(tag);
      visibility.observe(element);
      if (inViewNow(element)) void load(tag);
    }
  }
}

discover(document);
new MutationObserver((records) => {
  for (const record of records) {
    for (const node of record.addedNodes) if (node instanceof Element) discover(node);
  }
}).observe(document.documentElement, { childList: true, subtree: true });

